// Typed errors and warnings of the state stores. Stores degrade instead of failing a run, so
// most of these reach the app through `onWarning`, not as rejections; `code` is what the app
// switches on to pick its message.
import { FlowWeaverError } from '../model/errors.ts';

/** Why persistent storage could not be used. */
export type StorageUnavailableCode =
  'E_STORAGE_UNAVAILABLE' | 'E_STORAGE_QUOTA' | 'E_STORAGE_BLOCKED';

/**
 * Persistent storage is missing, blocked by another tab, or out of space. Stores report it once
 * through `onWarning` and keep the affected runs in memory; nothing saved earlier is touched.
 */
export class StorageUnavailableError extends FlowWeaverError {
  static {
    this.prototype.name = 'StorageUnavailableError';
  }
  declare readonly code: StorageUnavailableCode;
  constructor(code: StorageUnavailableCode, message: string, options?: { cause?: unknown }) {
    super(code, message, options);
  }
}

/** Why a stored record was ignored. */
export type StorageRecordCode = 'E_STORAGE_CORRUPT' | 'E_STORAGE_VERSION';

/** A stored record (or file) has the wrong shape or an unknown version; it was ignored, never deleted. */
export class StorageRecordError extends FlowWeaverError {
  static {
    this.prototype.name = 'StorageRecordError';
  }
  declare readonly code: StorageRecordCode;
  /** Which record: a store/key description or a file path. */
  readonly key: string;
  /** Where a corrupt file was moved to, when it was. */
  readonly preservedAs?: string;
  constructor(
    code: StorageRecordCode,
    key: string,
    message: string,
    options?: { cause?: unknown; preservedAs?: string },
  ) {
    super(code, message, options);
    this.key = key;
    if (options?.preservedAs !== undefined) this.preservedAs = options.preservedAs;
  }
}

/** A task result cannot be stored by the store in use (`assertStorable` throws it). */
export class UnstorableValueError extends FlowWeaverError {
  static {
    this.prototype.name = 'UnstorableValueError';
  }
  /** Where in the value the offending part sits, e.g. `result.handler`. */
  readonly path: string;
  constructor(path: string, message: string, options?: { cause?: unknown }) {
    super('E_NOT_STORABLE', message, options);
    this.path = path;
  }
}

/** Everything a store may report through `onWarning`. */
export type StorageWarning = StorageUnavailableError | StorageRecordError | UnstorableValueError;

/** Receives store warnings; the app shows them, tests collect them. */
export type StorageWarningHandler = (warning: StorageWarning) => void;

/** The default handler: the console, so a warning is never lost silently. */
export const consoleWarning: StorageWarningHandler = (warning) => {
  console.warn(`[flowweaver] ${warning.message}`);
};

/** True for the errors browsers and Node raise when the disk or the origin's quota is full. */
export function isQuotaError(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { name, code } = error as { name?: unknown; code?: unknown };
  return (
    name === 'QuotaExceededError' ||
    name === 'NS_ERROR_DOM_QUOTA_REACHED' ||
    code === 'ENOSPC' ||
    code === 'EDQUOT'
  );
}

/**
 * Wraps a failed write as a typed error, quota or not. `consequence` tells the reader what
 * happens now, e.g. that the run continues in memory.
 */
export function writeFailure(error: unknown, consequence: string): StorageUnavailableError {
  const detail = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return isQuotaError(error)
    ? new StorageUnavailableError(
        'E_STORAGE_QUOTA',
        `Storage is full (${detail}): ${consequence}`,
        {
          cause: error,
        },
      )
    : new StorageUnavailableError(
        'E_STORAGE_UNAVAILABLE',
        `Could not save (${detail}): ${consequence}`,
        {
          cause: error,
        },
      );
}
