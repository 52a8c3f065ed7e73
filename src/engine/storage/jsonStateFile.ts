// Opening a state file safely: whatever is wrong with it is reported once, and the file is either
// read, moved aside (corrupt) or marked read-only (unknown version, unreadable) — never
// overwritten by a store that could not understand it.
import { preserveFile, readTextFile } from './jsonFile.ts';
import { parseState } from './jsonFormat.ts';
import type { ParsedState } from './jsonFormat.ts';
import type { RecordReporter } from './recordGuards.ts';
import { StorageRecordError, StorageUnavailableError } from './storageErrors.ts';
import type { StorageWarningHandler } from './storageErrors.ts';

/** What a store may do with its file after opening it. */
export type OpenedStateFile =
  { writable: true; parsed?: Extract<ParsedState, { ok: true }> } | { writable: false };

/** Reads and checks the state file at `path`. Never rejects. */
export async function openStateFile(
  path: string,
  report: RecordReporter,
  warn: StorageWarningHandler,
): Promise<OpenedStateFile> {
  let text: string | undefined;
  try {
    text = await readTextFile(path);
  } catch (error) {
    warn(
      new StorageUnavailableError(
        'E_STORAGE_UNAVAILABLE',
        `Could not read the state file ${path} (${String(error)}): it is left untouched and runs are kept in memory only.`,
        { cause: error },
      ),
    );
    return { writable: false };
  }
  if (text === undefined) return { writable: true };
  const parsed = parseState(text, path, report);
  if (parsed.ok) return { writable: true, parsed };
  const { code, reason } = parsed;
  if (code === 'E_STORAGE_VERSION') {
    // Probably written by a newer FlowWeaver: leave it exactly where its owner expects it.
    const message = `Ignored the state file ${path}: ${reason}. It is left untouched; runs are kept in memory only.`;
    report.report(new StorageRecordError(code, path, message));
    return { writable: false };
  }
  try {
    const preservedAs = await preserveFile(path);
    const message = `Ignored the state file ${path}: ${reason}. It was kept as ${preservedAs}; a new state file will be written.`;
    report.report(new StorageRecordError(code, path, message, { preservedAs }));
    return { writable: true };
  } catch (error) {
    const message = `Ignored the state file ${path}: ${reason}. It could not be moved aside (${String(error)}), so it is left untouched and runs are kept in memory only.`;
    report.report(new StorageRecordError(code, path, message, { cause: error }));
    return { writable: false };
  }
}
