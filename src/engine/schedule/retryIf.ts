// `retryIf`: whether a failed attempt may be retried. Consulted only when retries remain, so a run
// without failures never reaches it. Message patterns match with RE2JS (a port of RE2: linear time
// in the message's length), never with the backtracking RegExp: a shared workflow's author writes
// both the pattern and the task's error message, and `(a+)+$` against `aaa…!` would otherwise hold
// the scheduler's thread (and Cancel with it) for hours.
import { RE2JS } from 're2js';
import type { RetryCondition, RetryPredicate } from '../model/types.ts';

/** Compiled message patterns, per condition object (options are read-only). */
const patterns = new WeakMap<RetryCondition, RE2JS>();

function nameAndMessage(error: unknown): { name: string; message: string } {
  if (error instanceof Error) return { name: error.name, message: error.message };
  const e = error as { name?: unknown; message?: unknown } | null | undefined;
  if (e !== null && typeof e === 'object')
    return {
      name: typeof e.name === 'string' ? e.name : 'Error',
      message: typeof e.message === 'string' ? e.message : '',
    };
  return { name: 'Error', message: String(error) };
}

function matchesCondition(condition: RetryCondition, error: unknown): boolean {
  const { errorName, messagePattern } = condition;
  if (errorName === undefined && messagePattern === undefined) return true;
  const { name, message } = nameAndMessage(error);
  if (errorName?.includes(name)) return true;
  if (messagePattern === undefined) return false;
  let pattern = patterns.get(condition);
  if (pattern === undefined) {
    pattern = RE2JS.compile(messagePattern);
    patterns.set(condition, pattern);
  }
  return pattern.matcher(message).find();
}

function describeCondition(condition: RetryCondition): string {
  const parts: string[] = [];
  if (condition.errorName !== undefined)
    parts.push(`error name ${condition.errorName.join(' or ') || '(none)'}`);
  if (condition.messagePattern !== undefined) parts.push(`message /${condition.messagePattern}/`);
  return parts.join(' or ');
}

/**
 * `undefined` when the attempt (1 for the first) may be retried; otherwise the line that says why
 * not, for the task's log. A predicate that throws allows no retry.
 */
export function retryRefusal(
  retryIf: RetryCondition | RetryPredicate,
  error: unknown,
  attempt: number,
): string | undefined {
  const { name, message } = nameAndMessage(error);
  const prefix = `Retries skipped: the error (${name}: ${message}) does not match retryIf`;
  if (typeof retryIf !== 'function')
    return matchesCondition(retryIf, error)
      ? undefined
      : `${prefix} (${describeCondition(retryIf)})`;
  try {
    return retryIf(error, attempt) ? undefined : `${prefix} (the predicate returned false)`;
  } catch (thrown) {
    const why = nameAndMessage(thrown);
    return `${prefix} (the predicate threw ${why.name}: ${why.message})`;
  }
}
