// `--state <file>`: the store is chosen by the file's extension — an SQLite database for
// .sqlite / .sqlite3 / .db, a JSON file otherwise. A database that cannot be used (not one of
// ours, a newer version, locked by another process) is refused before the run with one line.
import { JSONStateStore, StorageRecordError, StorageUnavailableError } from '../engine/index.ts';
import type { StateStore } from '../engine/index.ts';
import { CliError, ExitCode } from './exitCodes.ts';

const SQLITE_EXTENSIONS = /\.(sqlite3?|db)$/i;

/** True when `--state <path>` names an SQLite database. */
export const isSQLitePath = (path: string): boolean => SQLITE_EXTENSIONS.test(path);

/** Opens the state store for `--state <path>`; throws CliError(2) when it cannot be used. */
export async function openStateStore(path: string): Promise<StateStore> {
  if (!isSQLitePath(path)) return new JSONStateStore(path);
  // Loaded only for SQLite files: better-sqlite3 is a native addon.
  const { SQLiteStateStore } = await import('../engine/node.ts');
  try {
    return new SQLiteStateStore(path, {
      onWarning: (warning) => process.stderr.write(`note: ${warning.message}\n`),
    });
  } catch (error) {
    if (error instanceof StorageRecordError || error instanceof StorageUnavailableError)
      throw new CliError(ExitCode.InvalidInput, `--state ${path}: ${error.message}`);
    throw error;
  }
}

/** Closes a store that holds a file open (the SQLite database); others need nothing. */
export async function closeStateStore(store: StateStore | undefined): Promise<void> {
  await (store as { close?: () => Promise<void> } | undefined)?.close?.();
}
