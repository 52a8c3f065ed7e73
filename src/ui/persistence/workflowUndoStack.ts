// The workflow-level undo history (deleting a workflow, importing one), kept in localStorage so
// Ctrl+Z still undoes them after a reload. Small and bounded: the last MAX_ACTIONS, none older than
// Recently deleted keeps a workflow. Storage only: workflowCommands performs the undo.
import { DELETED_WORKFLOW_RETENTION } from '../../engine/index.ts';

/** A destructive workflow action that can be undone. */
export type WorkflowAction =
  | {
      kind: 'delete';
      /** Unique per action: the toast's Undo and Ctrl+Z undo it once between them. */
      key: string;
      at: number;
      id: string;
      name: string;
      /** It was open when deleted: undoing it opens it again. */
      wasOpen: boolean;
    }
  | {
      kind: 'import';
      key: string;
      at: number;
      /** The imported workflow. */
      id: string;
      name: string;
      /** The workflow open before the import, opened again by the undo. */
      previous: string;
    };

/** An action to record; its key and time are given when it is recorded. */
export type NewWorkflowAction = WorkflowAction extends infer A
  ? A extends WorkflowAction
    ? Omit<A, 'key' | 'at'>
    : never
  : never;

export const WORKFLOW_UNDO_KEY = 'flowweaver.workflowUndo';
export const MAX_ACTIONS = 20;

type Store = Pick<Storage, 'getItem' | 'setItem'>;

/** Where localStorage is unavailable, the history lasts as long as the page. */
const pageOnly = new Map<string, string>();
const memoryStore: Store = {
  getItem: (k) => pageOnly.get(k) ?? null,
  setItem: (k, v) => void pageOnly.set(k, v),
};

const storage = (): Store => {
  try {
    return globalThis.localStorage ?? memoryStore;
  } catch {
    return memoryStore;
  }
};

const isString = (v: unknown): v is string => typeof v === 'string';

function isAction(v: unknown): v is WorkflowAction {
  if (typeof v !== 'object' || v === null) return false;
  const a = v as Record<string, unknown>;
  if (!isString(a.key) || !isString(a.id) || !isString(a.name) || typeof a.at !== 'number')
    return false;
  return a.kind === 'delete'
    ? typeof a.wasOpen === 'boolean'
    : a.kind === 'import' && isString(a.previous);
}

/** The recorded actions, oldest first, without those past Recently deleted's retention. */
export function readActions(now = Date.now(), store = storage()): WorkflowAction[] {
  try {
    const parsed: unknown = JSON.parse(store.getItem(WORKFLOW_UNDO_KEY) ?? '[]');
    if (!Array.isArray(parsed)) return [];
    return parsed.filter(isAction).filter((a) => now - a.at <= DELETED_WORKFLOW_RETENTION.maxAgeMs);
  } catch {
    return [];
  }
}

const listeners = new Set<() => void>();

function writeActions(actions: readonly WorkflowAction[], store = storage()): void {
  try {
    store.setItem(WORKFLOW_UNDO_KEY, JSON.stringify(actions.slice(-MAX_ACTIONS)));
  } catch {
    // Quota or private mode: the toast's Undo still works in this page.
  }
  for (const listener of listeners) listener();
}

/** Calls `listener` when the history changes, in this tab or another (`useSyncExternalStore`). */
export function subscribeActions(listener: () => void): () => void {
  const onStorage = (e: StorageEvent) => {
    if (e.key === WORKFLOW_UNDO_KEY) listener();
  };
  listeners.add(listener);
  globalThis.addEventListener?.('storage', onStorage);
  return () => {
    listeners.delete(listener);
    globalThis.removeEventListener?.('storage', onStorage);
  };
}

/** What Ctrl+Z would undo next at the workflow level (`Undo the delete of "A"`), or null. */
export function nextUndoLabel(): string | null {
  const last = readActions().at(-1);
  return last ? `Undo the ${last.kind} of "${last.name}"` : null;
}

/** Records an action as the newest one to undo. */
export function recordAction(
  action: NewWorkflowAction,
  now = Date.now(),
  store = storage(),
): WorkflowAction {
  const recorded: WorkflowAction = { ...action, key: crypto.randomUUID(), at: now };
  writeActions([...readActions(now, store), recorded], store);
  return recorded;
}

/**
 * Takes an action off the history: `key`'s, or the newest when `key` is omitted. `undefined` when
 * there is none (already undone, from the toast or another tab).
 */
export function takeAction(key?: string, store = storage()): WorkflowAction | undefined {
  const actions = readActions(Date.now(), store);
  const index = key === undefined ? actions.length - 1 : actions.findIndex((a) => a.key === key);
  const taken = actions[index];
  if (taken === undefined) return undefined;
  writeActions(
    actions.filter((_, i) => i !== index),
    store,
  );
  return taken;
}

/** Forgets the deletes of a workflow restored by other means (Recently deleted's Restore). */
export function forgetDeletesOf(id: string, store = storage()): void {
  const actions = readActions(Date.now(), store);
  const kept = actions.filter((a) => !(a.kind === 'delete' && a.id === id));
  if (kept.length !== actions.length) writeActions(kept, store);
}
