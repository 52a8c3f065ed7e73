// The run worker: one per tab, started by the page on its first run. Everything a run does —
// scheduling, the task worker pool, in-thread task code (Async / Sequential), recording to
// IndexedDB — happens here, off the page's main thread.
import { expose } from 'comlink';
import { createRunner } from './runner.ts';

// Task code never runs here: every run must come with its workflow's opaque-origin task sandbox.
expose(createRunner({ requireSandbox: true }));
