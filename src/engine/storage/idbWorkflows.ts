// The app's autosaved workflow documents. One row per workflow id and one transaction per save,
// so saving one workflow can never clobber another.
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
}

type Db = IDBPDatabase<FlowWeaverDB>;

function checkWorkflow(row: unknown, report: RecordReporter): SavedWorkflow | undefined {
  const r = row as { v?: unknown; id?: unknown; updatedAt?: unknown; document?: unknown };
  const key = `workflows ${JSON.stringify(r?.id ?? null)}`;
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
    !isWorkflowDocument(r.document)
  ) {
    report.corrupt(key, 'workflow');
    return undefined;
  }
  return { id: r.id, updatedAt: r.updatedAt, document: r.document };
}

/**
 * Saves a document under its id. A save older than the stored one (an out-of-order autosave,
 * another tab) does not replace it; the stored entry is returned either way.
 */
export async function putWorkflow(
  db: Db,
  document: WorkflowDocument,
  updatedAt: number,
  report: RecordReporter,
): Promise<SavedWorkflow> {
  const tx = db.transaction('workflows', 'readwrite');
  const row: unknown = await tx.store.get(document.id);
  const current = row === undefined ? undefined : checkWorkflow(row, report);
  if (current && current.updatedAt > updatedAt) {
    await tx.done;
    return current;
  }
  const saved: SavedWorkflow = { id: document.id, updatedAt, document };
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
