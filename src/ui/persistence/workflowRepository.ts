// Where workflows live: the engine's IndexedDBStateStore, or memory when storage is unavailable.
import type { IndexedDBStateStore, WorkflowDocument } from '../../engine/index.ts';
import { getAppStateStore } from './appStateStore.ts';

export interface WorkflowSummary {
  id: string;
  name: string;
  taskCount: number;
  updatedAt: number;
}

export interface WorkflowRepository {
  readonly persistent: boolean;
  list(): Promise<WorkflowSummary[]>;
  get(id: string): Promise<WorkflowDocument | undefined>;
  save(doc: WorkflowDocument): Promise<void>;
  remove(id: string): Promise<void>;
}

const summaryOf = (doc: WorkflowDocument, updatedAt: number): WorkflowSummary => ({
  id: doc.id,
  name: doc.name,
  taskCount: doc.tasks.length,
  updatedAt,
});

/** Keeps workflows for this tab only. */
export class MemoryWorkflowRepository implements WorkflowRepository {
  readonly persistent = false;
  private readonly rows = new Map<string, { doc: WorkflowDocument; updatedAt: number }>();
  async list() {
    return [...this.rows.values()]
      .sort((a, b) => b.updatedAt - a.updatedAt)
      .map((r) => summaryOf(r.doc, r.updatedAt));
  }
  async get(id: string) {
    return this.rows.get(id)?.doc;
  }
  async save(doc: WorkflowDocument) {
    this.rows.set(doc.id, { doc, updatedAt: Date.now() });
  }
  async remove(id: string) {
    this.rows.delete(id);
  }
}

/** Saved workflows in IndexedDB through the engine's store. */
export class IndexedDBWorkflowRepository implements WorkflowRepository {
  readonly persistent = true;
  constructor(private readonly store: IndexedDBStateStore) {}
  async list() {
    const rows = await this.store.listWorkflows();
    return rows.map((r) => summaryOf(r.document, r.updatedAt));
  }
  async get(id: string) {
    return (await this.store.getWorkflow(id))?.document;
  }
  async save(doc: WorkflowDocument) {
    await this.store.saveWorkflow(doc);
  }
  async remove(id: string) {
    await this.store.deleteWorkflow(id);
  }
}

/** The IndexedDB repository when the database opens, else the memory one. */
export async function openRepository(): Promise<WorkflowRepository> {
  const { idb } = await getAppStateStore();
  return idb ? new IndexedDBWorkflowRepository(idb) : new MemoryWorkflowRepository();
}
