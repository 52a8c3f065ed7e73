// Every StateStore passes the same contract (storeContract.ts).
import 'fake-indexeddb/auto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { IndexedDBStateStore } from './IndexedDBStateStore.ts';
import { JSONStateStore } from './JSONStateStore.ts';
import { MemoryStateStore } from './MemoryStateStore.ts';
import { SQLiteStateStore } from './SQLiteStateStore.ts';
import { describeStoreContract } from './storeContract.ts';

const tempFile = (name: string) => join(mkdtempSync(join(tmpdir(), 'fw-store-')), name);

describeStoreContract('MemoryStateStore', () => ({ store: new MemoryStateStore() }));

describeStoreContract(
  'JSONStateStore (file)',
  ({ logCap }) => {
    const path = tempFile('state.json');
    const options = { path, ...(logCap ? { maxLogLinesPerTask: logCap } : {}) };
    return { store: new JSONStateStore(options), reopen: () => new JSONStateStore(options) };
  },
  { logCap: 5 },
);

describeStoreContract(
  'SQLiteStateStore',
  ({ logCap }) => {
    const path = tempFile('runs.sqlite');
    const options = logCap ? { maxLogLinesPerTask: logCap } : {};
    return {
      store: new SQLiteStateStore(path, options),
      reopen: () => new SQLiteStateStore(path, options),
    };
  },
  { logCap: 5 },
);

describeStoreContract(
  'IndexedDBStateStore (fake-indexeddb)',
  ({ logCap }) => {
    const dbName = `contract-${Math.random()}`;
    const options = { dbName, ...(logCap ? { maxLogLinesPerTask: logCap } : {}) };
    return {
      store: new IndexedDBStateStore(options),
      reopen: () => new IndexedDBStateStore(options),
    };
  },
  { logCap: 5 },
);
