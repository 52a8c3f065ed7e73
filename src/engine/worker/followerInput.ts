// The value a worker hands straight to the next task of a chain (see AttemptMessage.then), or
// NOT_PLAIN when the chain must stop there and the host decide. Only small plain JSON data goes
// on: every state store accepts it and no size limit refuses it, so the host always completes the
// task the worker continued from. Anything else (a Map, a Date, a big array, NaN) stops the chain,
// and the host dispatches the next task itself, as it would without chains.

/** Returned when the value must go through the host first. */
export const NOT_PLAIN: unique symbol = Symbol('not plain');

/** Most values (array items, object entries, characters / 16) a continued value may hold. */
const BUDGET = 4096;
const MAX_DEPTH = 32;

/** A copy of `value` for the next task, or NOT_PLAIN. */
export function followerInput(value: unknown): unknown {
  if (value === undefined) return undefined;
  const budget = { left: BUDGET };
  if (!isPlain(value, 0, budget)) return NOT_PLAIN;
  // A copy, as the host's round trip would give: the next task may change its input freely while
  // the outcome that holds the original still waits to be reported.
  return typeof value === 'object' && value !== null ? structuredClone(value) : value;
}

function isPlain(value: unknown, depth: number, budget: { left: number }): boolean {
  if (--budget.left < 0) return false;
  switch (typeof value) {
    case 'string':
      budget.left -= value.length >> 4;
      return budget.left >= 0;
    case 'number':
      return Number.isFinite(value);
    case 'boolean':
      return true;
    case 'object':
      break;
    default:
      return false;
  }
  if (value === null) return true;
  if (depth >= MAX_DEPTH) return false;
  if (Array.isArray(value)) {
    if (Object.getPrototypeOf(value) !== Array.prototype) return false;
    for (let i = 0; i < value.length; i++) {
      if (!(i in value) || !isPlain(value[i], depth + 1, budget)) return false;
    }
    return true;
  }
  const proto = Object.getPrototypeOf(value) as unknown;
  if (proto !== Object.prototype && proto !== null) return false;
  for (const key of Object.keys(value)) {
    const item = (value as Record<string, unknown>)[key];
    if (!isPlain(item, depth + 1, budget)) return false;
  }
  return true;
}
