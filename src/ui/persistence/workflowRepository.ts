// Where workflows live: the engine's IndexedDBStateStore, or memory when storage is unavailable.
// A deleted workflow is moved to "Recently deleted", where it can be restored until it is deleted
// for good or expires (see DELETED_WORKFLOW_RETENTION).
import {
  DELETED_WORKFLOW_RETENTION,
  expiredDeletedWorkflows,
  WorkflowIdTakenError,
  type IndexedDBStateStore,
  type SavedWorkflow,
  type WorkflowDocument,
} from '../../engine/index.ts';

type WorkflowLayoutDirection = NonNullable<SavedWorkflow['layoutDirection']>;
import { getAppStateStore } from './appStateStore.ts';

export interface WorkflowSummary {
  id: string;
  name: string;
  taskCount: number;
  updatedAt: number;
  /** Where the workflow was copied from (`example:<id>`, `link:<hash>`), when recorded. */
  origin?: string;
  /** The direction it is laid out in (the canvas handles follow it), when recorded. */
  layoutDirection?: WorkflowLayoutDirection;
}

/** What a save may record beside the document; one left out keeps the stored one. */
export type SaveOptions = Pick<WorkflowSummary, 'origin' | 'layoutDirection'>;

/** A workflow in Recently deleted. */
export interface DeletedWorkflowSummary extends WorkflowSummary {
  deletedAt: number;
}

export interface WorkflowRepository {
  readonly persistent: boolean;
  list(): Promise<WorkflowSummary[]>;
  get(id: string): Promise<WorkflowDocument | undefined>;
  /** Saves a document; each of `options` is recorded when given, else the stored one is kept. */
  save(doc: WorkflowDocument, options?: SaveOptions): Promise<void>;
  /** Moves a saved workflow to Recently deleted; `undefined` when there is none with the id. */
  trash(id: string): Promise<DeletedWorkflowSummary | undefined>;
  /** Recently deleted, most recently deleted first. */
  listDeleted(): Promise<DeletedWorkflowSummary[]>;
  /**
   * Moves a deleted workflow back, under `asId` when given; returns its document, or `undefined`
   * when it is not in Recently deleted. Rejects with `WorkflowIdTakenError` rather than replace a
   * saved workflow with the same id.
   */
  restore(id: string, asId?: string): Promise<WorkflowDocument | undefined>;
  /** Deletes these deleted workflows for good (all of them when `ids` is omitted). */
  purgeDeleted(ids?: readonly string[]): Promise<void>;
  /** Deletes for good those past retention at `now`; returns their ids. */
  expireDeleted(now: number): Promise<string[]>;
}

const summaryOf = (saved: SavedWorkflow): WorkflowSummary => ({
  id: saved.id,
  name: saved.document.name,
  taskCount: saved.document.tasks.length,
  updatedAt: saved.updatedAt,
  ...(saved.origin === undefined ? {} : { origin: saved.origin }),
  ...(saved.layoutDirection === undefined ? {} : { layoutDirection: saved.layoutDirection }),
});

const deletedSummaryOf = (saved: SavedWorkflow & { deletedAt: number }) => ({
  ...summaryOf(saved),
  deletedAt: saved.deletedAt,
});

/** Keeps workflows for this tab only. */
export class MemoryWorkflowRepository implements WorkflowRepository {
  readonly persistent = false;
  private readonly rows = new Map<string, SavedWorkflow>();
  private readonly deleted = new Map<string, SavedWorkflow & { deletedAt: number }>();
  async list() {
    return [...this.rows.values()].sort((a, b) => b.updatedAt - a.updatedAt).map(summaryOf);
  }
  async get(id: string) {
    return this.rows.get(id)?.document;
  }
  async save(doc: WorkflowDocument, options: SaveOptions = {}) {
    const stored = this.rows.get(doc.id);
    const origin = options.origin ?? stored?.origin;
    const layoutDirection = options.layoutDirection ?? stored?.layoutDirection;
    this.rows.set(doc.id, {
      id: doc.id,
      updatedAt: Date.now(),
      document: doc,
      ...(origin === undefined ? {} : { origin }),
      ...(layoutDirection === undefined ? {} : { layoutDirection }),
    });
  }
  async trash(id: string) {
    const saved = this.rows.get(id);
    if (!saved) return undefined;
    const deleted = { ...saved, deletedAt: Date.now() };
    this.deleted.set(id, deleted);
    this.rows.delete(id);
    return deletedSummaryOf(deleted);
  }
  async listDeleted() {
    return [...this.deleted.values()]
      .sort((a, b) => b.deletedAt - a.deletedAt)
      .map(deletedSummaryOf);
  }
  async restore(id: string, asId = id) {
    const deleted = this.deleted.get(id);
    if (!deleted) return undefined;
    if (this.rows.has(asId)) throw new WorkflowIdTakenError(asId);
    const { deletedAt: _deletedAt, ...saved } = deleted;
    const document = asId === id ? saved.document : { ...saved.document, id: asId };
    this.rows.set(asId, { ...saved, id: asId, document });
    this.deleted.delete(id);
    return document;
  }
  async purgeDeleted(ids?: readonly string[]) {
    if (ids === undefined) this.deleted.clear();
    else for (const id of ids) this.deleted.delete(id);
  }
  async expireDeleted(now: number) {
    const expired = expiredDeletedWorkflows([...this.deleted.values()], now);
    await this.purgeDeleted(expired);
    return expired;
  }
}

/** Saved workflows in IndexedDB through the engine's store. */
export class IndexedDBWorkflowRepository implements WorkflowRepository {
  readonly persistent = true;
  constructor(private readonly store: IndexedDBStateStore) {}
  async list() {
    return (await this.store.listWorkflows()).map(summaryOf);
  }
  async get(id: string) {
    return (await this.store.getWorkflow(id))?.document;
  }
  async save(doc: WorkflowDocument, options: SaveOptions = {}) {
    await this.store.saveWorkflow(doc, options);
  }
  async trash(id: string) {
    const deleted = await this.store.trashWorkflow(id);
    return deleted && deletedSummaryOf(deleted);
  }
  async listDeleted() {
    return (await this.store.listDeletedWorkflows()).map(deletedSummaryOf);
  }
  async restore(id: string, asId?: string) {
    const restored = await this.store.restoreWorkflow(id, asId === undefined ? {} : { asId });
    return restored?.document;
  }
  async purgeDeleted(ids?: readonly string[]) {
    await this.store.purgeDeletedWorkflows(ids);
  }
  async expireDeleted(now: number) {
    return this.store.expireDeletedWorkflows({ now, retention: DELETED_WORKFLOW_RETENTION });
  }
}

/** The IndexedDB repository when the database opens, else the memory one. */
export async function openRepository(): Promise<WorkflowRepository> {
  const { idb } = await getAppStateStore();
  return idb ? new IndexedDBWorkflowRepository(idb) : new MemoryWorkflowRepository();
}
