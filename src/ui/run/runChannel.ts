// One runner per run across tabs: a Web Lock held while a tab executes a run, and a
// BroadcastChannel over which the runner tab shares the run so other tabs mirror it read-only.
import type { RunEvent } from '../../engine/index.ts';
import type { RunView } from '../store/runSlice.ts';

export const RUN_CHANNEL = 'flowweaver-runs';

export const runLockName = (runId: string) => `flowweaver-run-${runId}`;

/** Held by the tab executing any run of a workflow: one run of a workflow at a time, across tabs. */
export const workflowLockName = (workflowId: string) => `flowweaver-workflow-${workflowId}`;

/** What tabs broadcast: presence, and the runner tab's run. */
export type RunMessage =
  | { type: 'hello' }
  | { type: 'here' }
  | { type: 'run-shown'; view: RunView }
  | { type: 'run-events'; workflowId: string; runId: string; events: readonly RunEvent[] };

const locks = (): LockManager | undefined =>
  typeof navigator !== 'undefined' ? navigator.locks : undefined;

/** Runs `fn` holding the run's lock (waits for it); without Web Locks it just runs `fn`. */
export function withRunLock<T>(runId: string, fn: () => Promise<T>): Promise<T> {
  const manager = locks();
  if (!manager) return fn();
  return manager.request(runLockName(runId), fn);
}

/**
 * Runs `fn` holding the lock `name` when no other tab holds it; resolves `false` without calling
 * `fn` when another tab does. Without Web Locks (one tab cannot know about another) it runs `fn`.
 */
async function tryLock(name: string, fn: () => Promise<void>): Promise<boolean> {
  const manager = locks();
  if (!manager) {
    await fn();
    return true;
  }
  return manager.request(name, { ifAvailable: true }, async (lock) => {
    if (!lock) return false;
    await fn();
    return true;
  });
}

/** Runs `fn` holding the run's lock when no other tab holds it (see tryLock). */
export function tryRunLock(runId: string, fn: () => Promise<void>): Promise<boolean> {
  return tryLock(runLockName(runId), fn);
}

/** Claims a workflow for one run, atomically across tabs (see tryLock). */
export function tryClaimWorkflow(workflowId: string, fn: () => Promise<void>): Promise<boolean> {
  return tryLock(workflowLockName(workflowId), fn);
}

/**
 * Calls `onFree` (holding the lock while it runs) once the tab that holds the run's lock lets it
 * go: it finished the run, or it died. Aborting `signal` stops waiting.
 */
export function whenRunLockFree(
  runId: string,
  signal: AbortSignal,
  onFree: () => Promise<void>,
): void {
  const manager = locks();
  if (!manager) return;
  manager.request(runLockName(runId), { signal }, onFree).catch(() => {
    // Aborted: this tab stopped mirroring the run.
  });
}

let channel: BroadcastChannel | null | undefined;
/** True once another tab of this origin has said it is there: events are only cloned for it. */
let peers = false;

function getChannel(): BroadcastChannel | null {
  if (channel === undefined) {
    channel = typeof BroadcastChannel === 'function' ? new BroadcastChannel(RUN_CHANNEL) : null;
    channel?.addEventListener('message', (event: MessageEvent<RunMessage>) => {
      peers = true;
      if (event.data.type === 'hello') channel?.postMessage({ type: 'here' } satisfies RunMessage);
    });
    channel?.postMessage({ type: 'hello' } satisfies RunMessage);
  }
  return channel;
}

/**
 * Shares a message with the other tabs of this origin (best effort). Run events are skipped while
 * no other tab has shown up, so a lone tab does not pay for cloning them.
 */
export function broadcastRun(message: RunMessage): void {
  const ch = getChannel();
  if (!ch || (message.type === 'run-events' && !peers)) return;
  try {
    ch.postMessage(message);
  } catch {
    // A value that cannot be cloned: the other tabs catch up from the store instead.
  }
}

/** Receives what other tabs broadcast; returns an unsubscribe. */
export function onRunMessage(listener: (message: RunMessage) => void): () => void {
  const ch = getChannel();
  if (!ch) return () => {};
  const handler = (event: MessageEvent<RunMessage>) => listener(event.data);
  ch.addEventListener('message', handler);
  return () => ch.removeEventListener('message', handler);
}
