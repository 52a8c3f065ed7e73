// The IndexedDB store's workflow library: the methods behind `IndexedDBStateStore`'s saved and
// deleted workflows (documented there). Each needs an open database, rejecting with
// `StorageUnavailableError` without one, and turns a failed write into a `StorageError` that
// names what was not done. The rows themselves are read and written by idbWorkflows.ts.
import type { IDBPDatabase } from 'idb';
import type { WorkflowDocument } from '../model/types.ts';
import type { IdbConnection } from './idbConnection.ts';
import type { FlowWeaverDB } from './idbSchema.ts';
import {
  DELETED_WORKFLOW_RETENTION,
  expireDeletedWorkflowRows,
  getWorkflowRow,
  listDeletedWorkflowRows,
  listWorkflowRows,
  purgeDeletedWorkflowRows,
  putWorkflow,
  restoreWorkflowRow,
  trashWorkflowRow,
  WorkflowIdTakenError,
} from './idbWorkflows.ts';
import type {
  DeletedWorkflow,
  DeletedWorkflowRetention,
  SavedWorkflow,
  SavedWorkflowExtras,
} from './idbWorkflows.ts';
import type { RecordReporter } from './recordGuards.ts';
import { StorageUnavailableError, writeFailure } from './storageErrors.ts';

type Db = IDBPDatabase<FlowWeaverDB>;

/** Saved and deleted workflows in one IndexedDB connection. */
export class IdbWorkflowLibrary {
  constructor(
    private readonly connection: IdbConnection,
    private readonly report: RecordReporter,
  ) {}

  async save(
    document: WorkflowDocument,
    options: { updatedAt?: number } & SavedWorkflowExtras,
  ): Promise<SavedWorkflow> {
    const db = await this.requireDb();
    try {
      const { updatedAt = Date.now(), ...extras } = options;
      return await putWorkflow(db, document, updatedAt, this.report, extras);
    } catch (error) {
      throw writeFailure(error, `workflow "${document.name}" was not saved.`);
    }
  }

  async get(id: string): Promise<SavedWorkflow | undefined> {
    return getWorkflowRow(await this.requireDb(), id, this.report);
  }

  async list(): Promise<SavedWorkflow[]> {
    return listWorkflowRows(await this.requireDb(), this.report);
  }

  async delete(id: string): Promise<void> {
    const db = await this.requireDb();
    try {
      await db.delete('workflows', id);
    } catch (error) {
      throw writeFailure(error, `workflow "${id}" was not deleted.`);
    }
  }

  async trash(id: string, options: { deletedAt?: number }): Promise<DeletedWorkflow | undefined> {
    const db = await this.requireDb();
    try {
      return await trashWorkflowRow(db, id, options.deletedAt ?? Date.now(), this.report);
    } catch (error) {
      throw writeFailure(error, `workflow "${id}" was not deleted.`);
    }
  }

  async restore(id: string, options: { asId?: string }): Promise<SavedWorkflow | undefined> {
    const db = await this.requireDb();
    try {
      return await restoreWorkflowRow(db, id, options.asId, this.report);
    } catch (error) {
      if (error instanceof WorkflowIdTakenError) throw error;
      throw writeFailure(error, `workflow "${id}" was not restored.`);
    }
  }

  async listDeleted(): Promise<DeletedWorkflow[]> {
    return listDeletedWorkflowRows(await this.requireDb(), this.report);
  }

  async purgeDeleted(ids: readonly string[] | undefined): Promise<void> {
    const db = await this.requireDb();
    try {
      await purgeDeletedWorkflowRows(db, ids);
    } catch (error) {
      throw writeFailure(error, 'deleted workflows were not removed.');
    }
  }

  async expireDeleted(options: {
    now?: number;
    retention?: DeletedWorkflowRetention;
  }): Promise<string[]> {
    const db = await this.requireDb();
    const retention = options.retention ?? DELETED_WORKFLOW_RETENTION;
    try {
      return await expireDeletedWorkflowRows(db, options.now ?? Date.now(), retention);
    } catch (error) {
      throw writeFailure(error, 'expired deleted workflows were not removed.');
    }
  }

  private async requireDb(): Promise<Db> {
    const db = await this.connection.get();
    if (db) return db;
    await this.connection.ready(); // throws the reason
    throw new StorageUnavailableError('E_STORAGE_UNAVAILABLE', 'IndexedDB is not open.');
  }
}
