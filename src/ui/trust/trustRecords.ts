// Per-workflow trust, kept in this browser only (localStorage, never in the workflow document, so a
// shared or imported file cannot grant itself anything): where the workflow came from, its network
// policy, and the code fingerprint the user last approved to run.
import { NETWORK_ANY, NETWORK_OFF, type NetworkPolicy } from './networkPolicy.ts';

/** Where a workflow came from: made here, or added from a file or a link. */
export type WorkflowSource = 'local' | 'import' | 'link';

export interface TrustRecord {
  source: WorkflowSource;
  network: NetworkPolicy;
  /** Fingerprint of the code the user approved to run (workflows from a file or a link). */
  approvedFingerprint?: string;
}

const KEY = 'flowweaver.trust';

/**
 * Read from storage, then kept here until another tab writes (its `storage` event clears it):
 * writes go through to storage when it takes them.
 */
let cache: Record<string, TrustRecord> | undefined;
const listeners = new Set<() => void>();

function readAll(): Record<string, TrustRecord> {
  cache ??= readStorage();
  return cache;
}

/** Counts changes, so React can tell when to read the records again. */
let version = 0;

function changed(): void {
  version++;
  for (const listener of listeners) listener();
}

/** A number that changes whenever any trust record changes (a snapshot for React). */
export function trustVersion(): number {
  return version;
}

if (typeof window !== 'undefined') {
  window.addEventListener('storage', (event) => {
    if (event.key !== KEY && event.key !== null) return;
    cache = undefined;
    changed();
  });
}

/** Calls `listener` after any trust record changes, here or in another tab. Returns the unsubscribe. */
export function subscribeTrust(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

function readStorage(): Record<string, TrustRecord> {
  try {
    const raw = globalThis.localStorage?.getItem(KEY);
    const parsed: unknown = raw ? JSON.parse(raw) : null;
    return parsed && typeof parsed === 'object'
      ? Object.assign(Object.create(null) as Record<string, TrustRecord>, parsed)
      : (Object.create(null) as Record<string, TrustRecord>);
  } catch {
    return Object.create(null) as Record<string, TrustRecord>;
  }
}

/** The trust of a workflow; one made here (or saved before trust existed) is local with any network. */
export function trustOf(workflowId: string): TrustRecord {
  const record = readAll()[workflowId];
  return record ?? { source: 'local', network: NETWORK_ANY };
}

/** Changes the records and writes them through to storage. */
function update(change: (all: Record<string, TrustRecord>) => void): void {
  // Re-read first: another tab may have written records this page has not seen, and writing the
  // whole map back from a stale cache would drop them (a workflow added there would turn local).
  const fresh = readStorage();
  const all = cache ? Object.assign(Object.create(null) as object, cache, fresh) : fresh;
  change(all);
  cache = all;
  try {
    globalThis.localStorage?.setItem(KEY, JSON.stringify(all));
  } catch {
    // Storage full or unavailable: the change lives in this page's cache only.
  }
  changed();
}

/** Records the trust of a workflow. */
export function setTrust(workflowId: string, record: TrustRecord): void {
  update((all) => {
    all[workflowId] = record;
  });
}

/** Drops the records of workflows deleted for good (a restorable deleted one keeps its record). */
export function forgetTrust(workflowIds: readonly string[]): void {
  if (workflowIds.length === 0) return;
  update((all) => {
    for (const id of workflowIds) delete all[id];
  });
}

/** A workflow just added from a file or a link: network off, not yet approved to run. */
export function markAdded(workflowId: string, source: Exclude<WorkflowSource, 'local'>): void {
  setTrust(workflowId, { source, network: NETWORK_OFF });
}

/** A copy of a workflow (duplicate) keeps where the original came from, its network and approval. */
export function copyTrust(fromId: string, toId: string): void {
  const record = readAll()[fromId];
  if (record) setTrust(toId, { ...record });
}
