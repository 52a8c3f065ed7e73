// The app's one state store: IndexedDB when it opens, memory otherwise. Workflows, runs, task
// states and logs all live in it; the repository and the runner share the same connection.
import {
  IndexedDBStateStore,
  MemoryStateStore,
  type StateStore,
  type StorageWarning,
} from '../../engine/index.ts';

export interface AppStateStore {
  /** Runs, task states and logs (IndexedDB or memory). */
  store: StateStore;
  /** The IndexedDB store when the database opened, else `null` (runs are then kept in memory). */
  idb: IndexedDBStateStore | null;
}

type WarningListener = (warning: StorageWarning) => void;
const listeners = new Set<WarningListener>();
let opening: Promise<AppStateStore> | null = null;

/** Receives storage warnings (quota, unavailable, blocked, bad records); returns an unsubscribe. */
export function onStorageWarning(listener: WarningListener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Passes a storage warning to the listeners (the page's own store, and the run worker's). */
export function reportStorageWarning(warning: StorageWarning): void {
  listeners.forEach((l) => l(warning));
}

async function open(): Promise<AppStateStore> {
  try {
    const idb = new IndexedDBStateStore({ onWarning: reportStorageWarning });
    await idb.ready();
    return { store: idb, idb };
  } catch {
    return { store: new MemoryStateStore(), idb: null };
  }
}

/** Opens the store once per page; every caller gets the same instance. */
export function getAppStateStore(): Promise<AppStateStore> {
  opening ??= open();
  return opening;
}
