// Loads the Node worker entry. When the entry is TypeScript (tests, tsx, source checkouts), it
// first registers tsx so that worker_threads on Node 20 can import .ts; prebuilt .js needs nothing.
import { workerData } from 'node:worker_threads';

const entry = workerData?.flowweaverEntry;
if (typeof entry !== 'string')
  throw new Error('nodeBootstrap: workerData.flowweaverEntry is missing');
if (entry.endsWith('.ts')) {
  const { register } = await import('tsx/esm/api');
  register();
}
await import(entry);
