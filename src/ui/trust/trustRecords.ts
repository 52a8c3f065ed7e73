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

/** Read once per page, then kept here: writes go through to storage when it takes them. */
let cache: Record<string, TrustRecord> | undefined;

function readAll(): Record<string, TrustRecord> {
  cache ??= readStorage();
  return cache;
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

/** Records the trust of a workflow. */
export function setTrust(workflowId: string, record: TrustRecord): void {
  const all = readAll();
  all[workflowId] = record;
  try {
    globalThis.localStorage?.setItem(KEY, JSON.stringify(all));
  } catch {
    // Storage full or unavailable: the record lives in this page's cache only.
  }
}

/** A workflow just added from a file or a link: network off, not yet approved to run. */
export function markAdded(workflowId: string, source: Exclude<WorkflowSource, 'local'>): void {
  setTrust(workflowId, { source, network: NETWORK_OFF });
}
