// Names what structured clone refuses in a value, by trying it: the last word on what can leave a
// worker, for values that pass inspectValue's walk but are platform objects (a URL, a Request, a
// stream, a port sent without transfer).

/** The type name and path of the first part of `value` that cannot be cloned, or `null`. */
export function describeUncloneable(value: unknown, path = 'result'): string | null {
  try {
    structuredClone(value);
    return null;
  } catch {
    // Narrow down to the part that fails, one level at a time.
  }
  if (typeof value !== 'object' || value === null) return `a ${typeof value} at ${path}`;
  const entries: [string, unknown][] =
    value instanceof Map
      ? [...value.values()].map((v, i) => [`${path}.get(${i})`, v])
      : value instanceof Set
        ? [...value].map((v, i) => [`${path}.values[${i}]`, v])
        : Array.isArray(value)
          ? value.map((v, i) => [`${path}[${i}]`, v])
          : Object.getPrototypeOf(value) === Object.prototype ||
              Object.getPrototypeOf(value) === null
            ? Object.keys(value).map((k) => [`${path}.${k}`, (value as Record<string, unknown>)[k]])
            : [];
  for (const [childPath, child] of entries) {
    const found = describeUncloneable(child, childPath);
    if (found) return found;
  }
  return `a ${typeName(value)} at ${path}`;
}

function typeName(value: object): string {
  const ctor = (value as { constructor?: { name?: unknown } }).constructor?.name;
  return typeof ctor === 'string' && ctor !== '' && ctor !== 'Object'
    ? ctor
    : Object.prototype.toString.call(value).slice(8, -1);
}
