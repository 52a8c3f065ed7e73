// The app's autosaved workflow documents. One row per workflow id and one transaction per save,
// so saving one workflow can never clobber another. A workflow the user deletes moves to the
// `deletedWorkflows` store in the same transaction ("Recently deleted"), where it stays until it
// is restored, deleted for good, or expires (older than 30 days and not among the last 50).
import type { IDBPDatabase } from 'idb';
import type { WorkflowDocument } from '../model/types.ts';
import { ROW_VERSION } from './idbSchema.ts';
import type { FlowWeaverDB } from './idbSchema.ts';
import { isWorkflowDocument } from './recordGuards.ts';
import type { RecordReporter } from './recordGuards.ts';

/** A saved workflow document with the time it was saved. */
export interface SavedWorkflow {
  id: string;
  updatedAt: number;
  document: WorkflowDocument;
  /** Where the workflow was copied from (an example, a share link), when the app recorded it. */
  origin?: string;
  /**
   * The direction the editor lays the workflow out in (top-down or left-right), when the app
   * recorded it. Kept beside the document, which has no field for it, so files stay as they are.
   */
  layoutDirection?: WorkflowLayoutDirection;
}

/** Directions a workflow is laid out in: top-down, left-right. */
export type WorkflowLayoutDirection = 'TD' | 'LR';

/** What a save records beside the document; a save that leaves one out keeps the stored one. */
export type SavedWorkflowExtras = Pick<SavedWorkflow, 'origin' | 'layoutDirection'>;

/** A deleted workflow as it was last saved, and when it was deleted. */
export interface DeletedWorkflow extends SavedWorkflow {
  deletedAt: number;
}

/** How long deleted workflows are kept: whichever keeps more of the two. */
export interface DeletedWorkflowRetention {
  /** Every workflow deleted less than this long ago is kept. Default 30 days. */
  maxAgeMs: number;
  /** The most recently deleted ones are kept whatever their age. Default 50. */
  keepLast: number;
}

export const DELETED_WORKFLOW_RETENTION: DeletedWorkflowRetention = {
  maxAgeMs: 30 * 24 * 60 * 60 * 1000,
  keepLast: 50,
};

/**
 * The ids of the deleted workflows to purge at `now`: those deleted longer ago than `maxAgeMs`
 * that are not among the `keepLast` most recently deleted.
 */
export function expiredDeletedWorkflows(
  deleted: readonly { id: string; deletedAt: number }[],
  now: number,
  retention: DeletedWorkflowRetention = DELETED_WORKFLOW_RETENTION,
): string[] {
  return [...deleted]
    .sort((a, b) => b.deletedAt - a.deletedAt)
    .filter((d, i) => i >= retention.keepLast && d.deletedAt < now - retention.maxAgeMs)
    .map((d) => d.id);
}

/** A deleted workflow cannot be restored under an id a saved workflow already has. */
export class WorkflowIdTakenError extends Error {
  readonly code = 'E_WORKFLOW_ID_TAKEN';
  constructor(readonly id: string) {
    super(`A saved workflow already has the id "${id}"; restore the deleted one under another id.`);
    this.name = 'WorkflowIdTakenError';
  }
}

type Db = IDBPDatabase<FlowWeaverDB>;

function checkWorkflow(
  row: unknown,
  report: RecordReporter,
  store: 'workflows' | 'deletedWorkflows' = 'workflows',
): SavedWorkflow | undefined {
  const r = row as {
    v?: unknown;
    id?: unknown;
    updatedAt?: unknown;
    document?: unknown;
    origin?: unknown;
    layoutDirection?: unknown;
  };
  const key = `${store} ${JSON.stringify(r?.id ?? null)}`;
  if (typeof row !== 'object' || row === null) {
    report.corrupt(key, 'workflow');
    return undefined;
  }
  if (r.v !== ROW_VERSION) {
    report.unknownVersion(key, 'workflow', r.v);
    return undefined;
  }
  if (
    typeof r.id !== 'string' ||
    typeof r.updatedAt !== 'number' ||
    !isWorkflowDocument(r.document) ||
    (r.origin !== undefined && typeof r.origin !== 'string')
  ) {
    report.corrupt(key, 'workflow');
    return undefined;
  }
  // A direction this version does not know (a later one's) is left out rather than refused.
  const layoutDirection =
    r.layoutDirection === 'TD' || r.layoutDirection === 'LR' ? r.layoutDirection : undefined;
  return withExtras(
    { id: r.id, updatedAt: r.updatedAt, document: r.document },
    { origin: r.origin, layoutDirection },
  );
}

function checkDeleted(row: unknown, report: RecordReporter): DeletedWorkflow | undefined {
  const saved = checkWorkflow(row, report, 'deletedWorkflows');
  if (!saved) return undefined;
  const deletedAt = (row as { deletedAt?: unknown }).deletedAt;
  if (typeof deletedAt !== 'number') {
    report.corrupt(`deletedWorkflows ${JSON.stringify(saved.id)}`, 'workflow');
    return undefined;
  }
  return { ...saved, deletedAt };
}

/** `saved` with the extras that are set (rows never hold an `origin: undefined`). */
function withExtras<T extends SavedWorkflow>(
  saved: T,
  extras: { [K in keyof SavedWorkflowExtras]: SavedWorkflowExtras[K] | undefined },
): T {
  const { origin, layoutDirection } = extras;
  return {
    ...saved,
    ...(origin === undefined ? {} : { origin }),
    ...(layoutDirection === undefined ? {} : { layoutDirection }),
  };
}

/**
 * Saves a document under its id. A save older than the stored one (an out-of-order autosave,
 * another tab) does not replace it; the stored entry is returned either way. Each of `extras`
 * (origin, layout direction) is kept from the stored row unless given.
 */
export async function putWorkflow(
  db: Db,
  document: WorkflowDocument,
  updatedAt: number,
  report: RecordReporter,
  extras: SavedWorkflowExtras = {},
): Promise<SavedWorkflow> {
  const tx = db.transaction('workflows', 'readwrite');
  const row: unknown = await tx.store.get(document.id);
  const current = row === undefined ? undefined : checkWorkflow(row, report);
  if (current && current.updatedAt > updatedAt) {
    await tx.done;
    return current;
  }
  const saved = withExtras(
    { id: document.id, updatedAt, document },
    {
      origin: extras.origin ?? current?.origin,
      layoutDirection: extras.layoutDirection ?? current?.layoutDirection,
    },
  );
  await Promise.all([tx.store.put({ v: ROW_VERSION, ...saved }), tx.done]);
  return saved;
}

/** One saved workflow, or `undefined`. */
export async function getWorkflowRow(
  db: Db,
  id: string,
  report: RecordReporter,
): Promise<SavedWorkflow | undefined> {
  const row: unknown = await db.get('workflows', id);
  return row === undefined ? undefined : checkWorkflow(row, report);
}

/** Every valid saved workflow, most recently saved first. */
export async function listWorkflowRows(db: Db, report: RecordReporter): Promise<SavedWorkflow[]> {
  const rows: unknown[] = await db.getAll('workflows');
  return rows
    .map((row) => checkWorkflow(row, report))
    .filter((w): w is SavedWorkflow => w !== undefined)
    .sort((a, b) => b.updatedAt - a.updatedAt);
}

/**
 * Moves a saved workflow to the deleted ones, in one transaction (never in both stores, never in
 * neither). Returns what was moved, or `undefined` when no valid saved workflow has the id.
 */
export async function trashWorkflowRow(
  db: Db,
  id: string,
  deletedAt: number,
  report: RecordReporter,
): Promise<DeletedWorkflow | undefined> {
  const tx = db.transaction(['workflows', 'deletedWorkflows'], 'readwrite');
  const row: unknown = await tx.objectStore('workflows').get(id);
  const saved = row === undefined ? undefined : checkWorkflow(row, report);
  if (!saved) {
    await tx.done;
    return undefined;
  }
  const deleted: DeletedWorkflow = { ...saved, deletedAt };
  await Promise.all([
    tx.objectStore('deletedWorkflows').put({ v: ROW_VERSION, ...deleted }),
    tx.objectStore('workflows').delete(id),
    tx.done,
  ]);
  return deleted;
}

/**
 * Moves a deleted workflow back to the saved ones, in one transaction, under its own id or
 * `asId`. A saved workflow that already has that id is never replaced: the restore is refused
 * with a `WorkflowIdTakenError` and nothing moves. Returns `undefined` when no deleted workflow has the id.
 */
export async function restoreWorkflowRow(
  db: Db,
  id: string,
  asId: string | undefined,
  report: RecordReporter,
): Promise<SavedWorkflow | undefined> {
  const tx = db.transaction(['workflows', 'deletedWorkflows'], 'readwrite');
  const row: unknown = await tx.objectStore('deletedWorkflows').get(id);
  const deleted = row === undefined ? undefined : checkDeleted(row, report);
  const target = asId ?? id;
  if (!deleted || (await tx.objectStore('workflows').getKey(target)) !== undefined) {
    await tx.done;
    if (!deleted) return undefined;
    throw new WorkflowIdTakenError(target);
  }
  const restored = withExtras(
    {
      id: target,
      updatedAt: deleted.updatedAt,
      document: target === id ? deleted.document : { ...deleted.document, id: target },
    },
    { origin: deleted.origin, layoutDirection: deleted.layoutDirection },
  );
  await Promise.all([
    tx.objectStore('workflows').put({ v: ROW_VERSION, ...restored }),
    tx.objectStore('deletedWorkflows').delete(id),
    tx.done,
  ]);
  return restored;
}

/** Every valid deleted workflow, most recently deleted first. */
export async function listDeletedWorkflowRows(
  db: Db,
  report: RecordReporter,
): Promise<DeletedWorkflow[]> {
  const rows: unknown[] = await db.getAll('deletedWorkflows');
  return rows
    .map((row) => checkDeleted(row, report))
    .filter((w): w is DeletedWorkflow => w !== undefined)
    .sort((a, b) => b.deletedAt - a.deletedAt);
}

/** Deletes these deleted workflows for good (all of them when `ids` is `undefined`). */
export async function purgeDeletedWorkflowRows(
  db: Db,
  ids: readonly string[] | undefined,
): Promise<void> {
  const tx = db.transaction('deletedWorkflows', 'readwrite');
  await Promise.all([
    ...(ids === undefined ? [tx.store.clear()] : ids.map((id) => tx.store.delete(id))),
    tx.done,
  ]);
}

/** Purges the deleted workflows past `retention` at `now`, in one transaction; returns their ids. */
export async function expireDeletedWorkflowRows(
  db: Db,
  now: number,
  retention: DeletedWorkflowRetention,
): Promise<string[]> {
  const tx = db.transaction('deletedWorkflows', 'readwrite');
  const rows = (await tx.store.getAll()) as unknown[];
  // Rows that cannot be read (no number `deletedAt`) are left alone: listing reports them.
  const dated = rows.flatMap((r) => {
    const { id, deletedAt } = (r ?? {}) as { id?: unknown; deletedAt?: unknown };
    return typeof id === 'string' && typeof deletedAt === 'number' ? [{ id, deletedAt }] : [];
  });
  const expired = expiredDeletedWorkflows(dated, now, retention);
  await Promise.all([...expired.map((id) => tx.store.delete(id)), tx.done]);
  return expired;
}
