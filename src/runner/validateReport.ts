// Pure: checks what a sandboxed task worker sent before the run worker believes a word of it. Task
// code shares its worker's realm, so a report can be forged or malformed: anything that is not
// exactly a WorkerReport is refused, and results over the size limit become errors.
import type { AttemptOutcome, SerializedError, WorkerReport } from '../engine/index.ts';

/** Largest result an attempt may return, in (estimated) bytes: 64 MiB. */
export const MAX_RESULT_BYTES = 64 * 1024 * 1024;

const LEVELS = new Set(['log', 'info', 'warn', 'error', 'debug']);

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const isId = (v: unknown): v is number => Number.isSafeInteger(v) && (v as number) > 0;
const isTime = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

function isError(v: unknown, depth = 0): v is SerializedError {
  return (
    isObject(v) &&
    typeof v.name === 'string' &&
    typeof v.message === 'string' &&
    (v.code === undefined || typeof v.code === 'string') &&
    (v.stack === undefined || typeof v.stack === 'string') &&
    (v.cause === undefined || (depth < 4 && isError(v.cause, depth + 1)))
  );
}

function isOutcome(v: unknown): v is AttemptOutcome {
  if (!isObject(v) || !isId(v.id)) return false;
  if (v.type === 'skipped') return true;
  const timed = isTime(v.startedAt) && isTime(v.finishedAt) && isTime(v.durationMs);
  if (v.type === 'ok') return timed && 'value' in v;
  return v.type === 'error' && timed && isError(v.error);
}

function isLogEntry(v: unknown): boolean {
  return (
    isObject(v) &&
    isId(v.id) &&
    Array.isArray(v.lines) &&
    v.lines.every(
      (l) =>
        isObject(l) &&
        isTime(l.ts) &&
        typeof l.message === 'string' &&
        LEVELS.has(l.level as string),
    )
  );
}

/**
 * Estimated bytes of a structured-cloned value, walking at most until `limit` is passed (so a
 * huge value costs no more than the limit to refuse).
 */
export function estimateBytes(value: unknown, limit = MAX_RESULT_BYTES): number {
  let total = 0;
  const seen = new Set<object>();
  const stack: unknown[] = [value];
  while (stack.length > 0 && total <= limit) {
    const v = stack.pop();
    if (typeof v === 'string') total += v.length * 2;
    else if (typeof v !== 'object' || v === null) total += 8;
    else if (!seen.has(v)) {
      seen.add(v);
      if (v instanceof ArrayBuffer) total += v.byteLength;
      else if (ArrayBuffer.isView(v)) total += v.byteLength;
      else if (v instanceof Map) for (const [k, x] of v) stack.push(k, x);
      else if (v instanceof Set) for (const x of v) stack.push(x);
      else if (Array.isArray(v)) for (const x of v) stack.push(x);
      else for (const key of Object.keys(v)) stack.push(key, (v as Record<string, unknown>)[key]);
    }
  }
  return total;
}

/** The report if it is one (oversized results turned into errors), or `null` when malformed. */
export function validateReport(
  data: unknown,
  maxResultBytes = MAX_RESULT_BYTES,
): WorkerReport | null {
  if (!isObject(data) || !Array.isArray(data.logs) || !Array.isArray(data.outcomes)) return null;
  if (!data.logs.every(isLogEntry) || !data.outcomes.every(isOutcome)) return null;
  if (data.started !== undefined && !(Array.isArray(data.started) && data.started.every(isId)))
    return null;
  const crash = data.crash;
  if (
    crash !== undefined &&
    !(
      isObject(crash) &&
      isError(crash.error) &&
      (crash.attemptId === undefined || isId(crash.attemptId))
    )
  )
    return null;
  const outcomes = (data.outcomes as AttemptOutcome[]).map((outcome): AttemptOutcome => {
    if (outcome.type !== 'ok') return outcome;
    const bytes = estimateBytes(outcome.value, maxResultBytes);
    if (bytes <= maxResultBytes) return outcome;
    const { id, startedAt, finishedAt, durationMs } = outcome;
    const error: SerializedError = {
      name: 'RangeError',
      code: 'E_RESULT_TOO_LARGE',
      message: `The task's result is larger than ${Math.round(maxResultBytes / 1048576)} MiB: store big data elsewhere and return a reference`,
    };
    return { type: 'error', id, error, startedAt, finishedAt, durationMs };
  });
  return { ...(data as unknown as WorkerReport), outcomes };
}
