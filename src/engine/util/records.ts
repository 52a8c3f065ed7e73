// Records keyed by names people choose (task names): objects without a prototype, so that every
// name — `constructor`, `toString`, `hasOwnProperty`, `__proto__` — is an ordinary key. On a plain
// object `record['constructor']` reads `Object` for a task that is not there, and
// `record['__proto__'] = value` replaces the prototype instead of storing anything.
//
// A record that crossed `postMessage`, IndexedDB or JSON comes back with `Object.prototype` (an own
// `__proto__` key survives the trip): pass it through `copyRecord` or `asRecord` before reading it
// by name.

/** A record with no prototype: a missing name reads `undefined`, and `__proto__` is a plain key. */
export function emptyRecord<T>(): Record<string, T> {
  return Object.create(null) as Record<string, T>;
}

/** A prototype-free copy of `source`'s own enumerable entries (`__proto__` included). */
export function copyRecord<T>(
  source: Readonly<Record<string, T>> | null | undefined,
): Record<string, T> {
  // Object.assign copies own keys with [[Set]]; on a target without a prototype, setting
  // `__proto__` defines a property like any other.
  return source ? Object.assign(emptyRecord<T>(), source) : emptyRecord<T>();
}

/** `source` itself when it already has no prototype, else a prototype-free copy. */
export function asRecord<T>(
  source: Readonly<Record<string, T>> | null | undefined,
): Record<string, T> {
  return source && Object.getPrototypeOf(source) === null
    ? (source as Record<string, T>)
    : copyRecord(source);
}

/** A prototype-free record of `entries` (a `Map`, an array of pairs); later entries win. */
export function recordFromEntries<T>(entries: Iterable<readonly [string, T]>): Record<string, T> {
  const out = emptyRecord<T>();
  for (const [key, value] of entries) out[key] = value;
  return out;
}
