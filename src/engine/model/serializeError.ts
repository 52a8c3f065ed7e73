// Errors as plain data: they cross worker boundaries and stores, where class instances cannot.
import type { SerializedError } from './types.ts';

/** Turns any thrown value into a {@link SerializedError}, following `cause` a few levels deep. */
export function serializeError(error: unknown, depth = 0): SerializedError {
  if (error instanceof Error) {
    const out: SerializedError = { name: error.name, message: error.message };
    const code = (error as { code?: unknown }).code;
    if (typeof code === 'string') out.code = code;
    if (error.stack !== undefined) out.stack = error.stack;
    // Depth cap: a cause chain can be cyclic, and stores only need the first few links.
    if (error.cause !== undefined && depth < 4) out.cause = serializeError(error.cause, depth + 1);
    return out;
  }
  return { name: 'Error', message: typeof error === 'string' ? error : safeString(error) };
}

/** Rebuilds an `Error` from its serialized form (name, code and cause chain kept). */
export function deserializeError(data: SerializedError): Error {
  const cause = data.cause ? deserializeError(data.cause) : undefined;
  const error = new Error(data.message, cause === undefined ? undefined : { cause });
  error.name = data.name;
  if (data.code !== undefined) (error as Error & { code?: string }).code = data.code;
  if (data.stack !== undefined) error.stack = data.stack;
  return error;
}

function safeString(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}
