// Opens the database once and keeps the connection honest: a missing IndexedDB, a failed open,
// an old tab blocking the upgrade, or a newer tab asking us to step aside all end in "no
// database" (callers use memory) plus one typed warning, never in a hung or crashed run.
import { openDB } from 'idb';
import type { IDBPDatabase } from 'idb';
import { SCHEMA_VERSION, upgradeSchema } from './idbSchema.ts';
import type { FlowWeaverDB } from './idbSchema.ts';
import { StorageUnavailableError } from './storageErrors.ts';
import type { StorageWarningHandler } from './storageErrors.ts';

/** True when this environment has an IndexedDB to open (browsers, workers, a Node polyfill). */
export function isIndexedDBAvailable(): boolean {
  try {
    const factory = (globalThis as { indexedDB?: { open?: unknown } }).indexedDB;
    return typeof factory?.open === 'function';
  } catch {
    // Some sandboxed contexts throw on merely reading `indexedDB`.
    return false;
  }
}

type Db = IDBPDatabase<FlowWeaverDB>;

/** One lazily opened connection to a FlowWeaver database. */
export class IdbConnection {
  private db: Db | undefined;
  private opening: Promise<Db | undefined> | undefined;
  private failure: StorageUnavailableError | undefined;
  private closed = false;

  constructor(
    private readonly name: string,
    private readonly warn: StorageWarningHandler,
  ) {}

  /** The open database, or `undefined` when storage cannot be used now (memory then). */
  async get(): Promise<Db | undefined> {
    if (this.db || this.failure || this.closed) return this.db;
    this.opening ??= this.open();
    const db = await this.opening;
    return this.db ?? db;
  }

  /** Resolves once the database is open; rejects with the `StorageUnavailableError` otherwise. */
  async ready(): Promise<void> {
    await this.get();
    if (this.db) return;
    throw (
      this.failure ??
      new StorageUnavailableError('E_STORAGE_UNAVAILABLE', `IndexedDB "${this.name}" is closed.`)
    );
  }

  /** Closes the connection; later calls get `undefined`. */
  close(): void {
    this.closed = true;
    this.db?.close();
    this.db = undefined;
  }

  private fail(error: StorageUnavailableError): void {
    if (this.failure?.code === error.code) return;
    this.failure = error;
    this.warn(error);
  }

  private open(): Promise<Db | undefined> {
    if (!isIndexedDBAvailable()) {
      this.fail(
        new StorageUnavailableError(
          'E_STORAGE_UNAVAILABLE',
          'IndexedDB is not available here (private browsing, a restricted context or Node without a polyfill): runs are kept in memory only and will not survive a reload.',
        ),
      );
      return Promise.resolve(undefined);
    }
    return new Promise((resolve) => {
      openDB<FlowWeaverDB>(this.name, SCHEMA_VERSION, {
        upgrade: upgradeSchema,
        blocked: () => {
          // An older tab holds the database open: run in memory now rather than hang.
          this.fail(
            new StorageUnavailableError(
              'E_STORAGE_BLOCKED',
              'Storage is being upgraded but another FlowWeaver tab still has it open: close the other tabs. Until then runs are kept in memory only.',
            ),
          );
          resolve(undefined);
        },
        blocking: () => this.stepAside(),
        terminated: () => {
          this.db = undefined;
          this.fail(
            new StorageUnavailableError(
              'E_STORAGE_UNAVAILABLE',
              'The browser closed the storage connection: runs are kept in memory from now on.',
            ),
          );
        },
      }).then(
        (db) => {
          // A late open (after being blocked) still serves later runs unless we were closed.
          if (this.closed) db.close();
          else {
            this.db = db;
            if (this.failure?.code === 'E_STORAGE_BLOCKED') this.failure = undefined;
          }
          resolve(this.db);
        },
        (error: unknown) => {
          const detail = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
          this.fail(
            new StorageUnavailableError(
              'E_STORAGE_UNAVAILABLE',
              `Could not open IndexedDB "${this.name}" (${detail}): runs are kept in memory only and will not survive a reload.`,
              { cause: error },
            ),
          );
          resolve(undefined);
        },
      );
    });
  }

  // A newer version of the app wants to upgrade the database in another tab: close ours so it
  // is not blocked, and continue in memory (this tab should be reloaded).
  private stepAside(): void {
    this.db?.close();
    this.db = undefined;
    this.fail(
      new StorageUnavailableError(
        'E_STORAGE_BLOCKED',
        'A newer FlowWeaver tab upgraded the storage: reload this tab. Until then its runs are kept in memory only.',
      ),
    );
  }
}
