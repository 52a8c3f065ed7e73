// The `assertStorable` checks: a result that cannot be stored must fail its task at completion
// with a message naming the offending part, not break a write batch later.
import { messageOf } from '../model/errors.ts';
import { UnstorableValueError } from './storageErrors.ts';

interface Culprit {
  path: string;
  what: string;
}

function propertyPath(path: string, key: string): string {
  return /^[A-Za-z_$][\w$]*$/.test(key) ? `${path}.${key}` : `${path}[${JSON.stringify(key)}]`;
}

function childrenOf(value: object, path: string): [string, unknown][] {
  if (value instanceof Map) {
    return [...value].flatMap(([k, v], i): [string, unknown][] => [
      [`${path}<key ${i}>`, k],
      [`${path}<value ${i}>`, v],
    ]);
  }
  if (value instanceof Set) return [...value].map((v, i) => [`${path}<item ${i}>`, v]);
  if (Array.isArray(value)) return value.map((v, i) => [`${path}[${i}]`, v]);
  return Object.keys(value).map((k) => [
    propertyPath(path, k),
    (value as Record<string, unknown>)[k],
  ]);
}

function describe(value: unknown): string {
  if (typeof value === 'function') return `a function${value.name ? ` (${value.name})` : ''}`;
  if (typeof value === 'symbol') return 'a symbol';
  if (typeof value === 'bigint') return 'a BigInt';
  const name = (value as { constructor?: { name?: string } } | null)?.constructor?.name;
  return name ? `a ${name}` : 'an object';
}

/** True when `structuredClone` (and so IndexedDB's `put`) accepts the value. */
export function clones(value: unknown): boolean {
  try {
    structuredClone(value);
    return true;
  } catch {
    return false;
  }
}

// Descends only into children that fail on their own; when none does, the value itself is at
// fault (a WeakMap, a Promise, a DOM node).
function locateUncloneable(value: unknown, path: string, seen: Set<object>): Culprit {
  if (typeof value === 'object' && value !== null && !seen.has(value)) {
    seen.add(value);
    for (const [childPath, child] of childrenOf(value, path)) {
      if (!clones(child)) return locateUncloneable(child, childPath, seen);
    }
  }
  return { path, what: describe(value) };
}

/**
 * Throws `UnstorableValueError` when `value` cannot be structured-cloned (what IndexedDB stores):
 * functions, symbols, WeakMaps, Promises, DOM nodes and the like.
 */
export function assertStructuredCloneable(value: unknown, label = 'result'): void {
  try {
    structuredClone(value);
  } catch (error) {
    const found = locateUncloneable(value, label, new Set());
    throw new UnstorableValueError(
      found.path,
      `The task ${label} cannot be stored in IndexedDB: ${found.path} is ${found.what} (${messageOf(error)}). Return plain data: objects, arrays, strings, numbers, booleans, Dates, Maps, Sets, typed arrays.`,
      { cause: error },
    );
  }
}

function locateUnjsonable(
  value: unknown,
  path: string,
  ancestors: [object, string][],
): Culprit | undefined {
  if (typeof value === 'function' || typeof value === 'symbol') {
    return { path, what: `${describe(value)}, which JSON would silently drop` };
  }
  if (typeof value === 'bigint')
    return { path, what: 'a BigInt, which JSON cannot hold (convert it to a string)' };
  if (typeof value !== 'object' || value === null) return undefined;
  const loop = ancestors.find(([ancestor]) => ancestor === value);
  if (loop) return { path, what: `a circular reference back to ${loop[1]}` };
  if (typeof (value as { toJSON?: unknown }).toJSON === 'function') return undefined; // Date and friends
  if (
    value instanceof Map ||
    value instanceof Set ||
    ArrayBuffer.isView(value) ||
    value instanceof ArrayBuffer
  ) {
    return {
      path,
      what: `${describe(value)}, which JSON would store as {} (convert it to an array or object)`,
    };
  }
  ancestors.push([value, path]);
  for (const [childPath, child] of childrenOf(value, path)) {
    const found = locateUnjsonable(child, childPath, ancestors);
    if (found) return found;
  }
  ancestors.pop();
  return undefined;
}

/**
 * Throws `UnstorableValueError` when `value` would not survive a JSON round trip: functions,
 * symbols, BigInts, circular references, Maps, Sets and typed arrays. `undefined` is fine.
 */
export function assertJsonStorable(value: unknown, label = 'result'): void {
  const found = locateUnjsonable(value, label, []);
  if (!found) return;
  throw new UnstorableValueError(
    found.path,
    `The task ${label} cannot be stored as JSON: ${found.path} is ${found.what}. Return plain JSON data: objects, arrays, strings, numbers, booleans, null.`,
  );
}
