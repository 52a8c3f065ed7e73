// Chromium tracing of the whole browser (every process: the page, its workers, out-of-process
// frames and their workers) around a span: IndexedDB writes counted, and where the threads spend
// the span from V8's sampling profiler. Each profiled thread is named by the script most of its
// frames come from, so a minified build still tells the run worker from a task worker; native
// functions (postMessage, IndexedDB's put…) keep their names in any build.
import { readFileSync } from 'node:fs';
import type { Browser } from '@playwright/test';

export interface TraceEvent {
  name: string;
  ph: string;
  pid: number;
  tid: number;
  id?: string;
  args?: {
    name?: string;
    data?: {
      cpuProfile?: {
        nodes?: {
          id: number;
          parent?: number;
          callFrame: { functionName: string; url?: string };
        }[];
        samples?: number[];
      };
      timeDeltas?: number[];
    };
  };
}

/** Sample gaps are counted up to this long (µs). */
const MAX_SAMPLE_US = 10_000;
/** Threads with fewer samples than this are left out. */
const MIN_SAMPLES = 20;

/** One thread's share of the span. */
export interface ThreadTime {
  /** `<thread name> (<script>)`, e.g. `DedicatedWorker thread (runner.worker.js)`. */
  thread: string;
  /** Sampled time that was not idle, ms. */
  busyMs: number;
  /** The Linux nice value of its process (Chromium lowers a background renderer's priority). */
  nice: number | null;
  /** Functions by self time, ms, largest first. */
  self: [string, number][];
}

/** The trace events of every process while `fn` runs, for the given categories. */
export async function traceBrowser(
  browser: Browser,
  categories: string[],
  fn: () => Promise<unknown>,
): Promise<TraceEvent[]> {
  const cdp = await browser.newBrowserCDPSession();
  const events: TraceEvent[] = [];
  cdp.on('Tracing.dataCollected', ({ value }) =>
    events.push(...(value as unknown as TraceEvent[])),
  );
  const done = new Promise<void>((resolve) => cdp.once('Tracing.tracingComplete', () => resolve()));
  await cdp.send('Tracing.start', { traceConfig: { includedCategories: categories } });
  try {
    await fn();
  } finally {
    await cdp.send('Tracing.end');
    await done;
    await cdp.detach();
  }
  return events;
}

/** The number of IDBObjectStore.put calls (any process, any worker) while `fn` runs. */
export async function countIndexedDBPuts(
  browser: Browser,
  fn: () => Promise<unknown>,
): Promise<number> {
  const events = await traceBrowser(browser, ['IndexedDB'], fn);
  return events.filter((e) => e.name === 'IDBObjectStore::put' && e.ph === 'b').length;
}

/** Self time by function on every thread with at least `minMs` busy during `fn`. */
export async function profileThreads(
  browser: Browser,
  fn: () => Promise<unknown>,
  minMs = 20,
): Promise<ThreadTime[]> {
  const events = await traceBrowser(browser, ['disabled-by-default-v8.cpu_profiler'], fn);
  const threadNames = new Map<string, string>();
  for (const e of events)
    if (e.name === 'thread_name') threadNames.set(`${e.pid}:${e.tid}`, e.args?.name ?? '?');
  const profiles = new Map<
    string,
    {
      key: string;
      frames: Map<number, { functionName: string; url?: string }>;
      samples: number[];
      deltas: number[];
    }
  >();
  for (const e of events) {
    if (e.name !== 'Profile' && e.name !== 'ProfileChunk') continue;
    const id = `${e.pid}:${e.id}`;
    let p = profiles.get(id);
    if (!p) {
      p = { key: `${e.pid}:${e.tid}`, frames: new Map(), samples: [], deltas: [] };
      profiles.set(id, p);
    }
    for (const n of e.args?.data?.cpuProfile?.nodes ?? []) p.frames.set(n.id, n.callFrame);
    p.samples.push(...(e.args?.data?.cpuProfile?.samples ?? []));
    p.deltas.push(...(e.args?.data?.timeDeltas ?? []));
  }
  const out: ThreadTime[] = [];
  for (const p of profiles.values()) {
    const self = new Map<string, number>();
    const scripts = new Map<string, number>();
    let busy = 0;
    let count = 0;
    p.samples.forEach((node, i) => {
      const frame = p.frames.get(node);
      // A long gap between samples is a thread that slept (another page's idle thread wakes
      // once for a heartbeat): not time spent in the frame it woke up in.
      const us = Math.min(p.deltas[i] ?? 0, MAX_SAMPLE_US);
      if (!frame || frame.functionName === '(idle)') return;
      busy += us;
      count++;
      const name = frame.functionName || '(anonymous)';
      self.set(name, (self.get(name) ?? 0) + us);
      if (frame.url) {
        // runner.worker-AbC123.js → runner.worker.js; blob:null/uuid → blob
        const script = frame.url.startsWith('blob:')
          ? 'blob'
          : (frame.url.split('/').pop() ?? '').replace(/-[\w-]{8}\.js$/, '.js');
        scripts.set(script, (scripts.get(script) ?? 0) + us);
      }
    });
    if (busy < minMs * 1000 || count < MIN_SAMPLES) continue;
    const script = [...scripts].sort((a, b) => b[1] - a[1])[0]?.[0] ?? '?';
    out.push({
      thread: `${threadNames.get(p.key) ?? '?'} (${script})`,
      busyMs: busy / 1000,
      nice: niceOf(Number(p.key.split(':')[0])),
      self: [...self]
        .map(([f, us]): [string, number] => [f, us / 1000])
        .sort((a, b) => b[1] - a[1]),
    });
  }
  return out.sort((a, b) => b.busyMs - a.busyMs);
}

/** The nice value of a process (the 17th field after the command in /proc/<pid>/stat). */
function niceOf(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16]);
  } catch {
    return null; // not Linux, or the process is gone
  }
}

/** `thread: N ms busy (self: f 12, g 8, …)` per thread, the top `top` functions each. */
export function describeThreads(threads: ThreadTime[], top = 6): string {
  return threads
    .map(
      (t) =>
        `${t.thread}${t.nice === null ? '' : ` [nice ${t.nice}]`} ${t.busyMs.toFixed(0)} ms busy (self: ${t.self
          .slice(0, top)
          .map(([f, ms]) => `${f} ${ms.toFixed(0)}`)
          .join(', ')})`,
    )
    .join('; ');
}
