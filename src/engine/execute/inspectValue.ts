// Pure: what structured clone would refuse, and which buffers can move instead of being copied.
// Used on both sides of the worker boundary; never touches globals or the DOM.

/** What {@link inspectValue} found. */
export interface ValueInspection {
  /** Why the value cannot be structured-cloned (with a path such as `result.items[3]`), or `null`. */
  problem: string | null;
  /** ArrayBuffers the value holds (directly or under typed arrays / DataViews), each once. */
  buffers: ArrayBuffer[];
}

const REFUSED_TAGS = new Set([
  'Promise',
  'WeakMap',
  'WeakSet',
  'WeakRef',
  'FinalizationRegistry',
  'Generator',
  'AsyncGenerator',
  'Proxy',
  // Platform objects that can only be transferred, or not sent at all: structured clone throws on
  // them, so they fail the attempt here with their type named instead of inside postMessage.
  'MessagePort',
  'OffscreenCanvas',
  'ReadableStream',
  'WritableStream',
  'TransformStream',
  'WebSocket',
  'Worker',
  'BroadcastChannel',
  'Request',
  'Response',
  'Headers',
  'URL',
  'URLSearchParams',
  'AbortSignal',
  'AbortController',
  'Window',
]);

const hasSharedArrayBuffer = typeof SharedArrayBuffer !== 'undefined';

/**
 * Walks a value the way structured clone would (cycles allowed) and reports the first part that
 * cannot be cloned — a function, a symbol, a promise, a weak collection — plus the buffers to transfer.
 */
export function inspectValue(value: unknown, root = 'result'): ValueInspection {
  if (typeof value !== 'object' || value === null) {
    return {
      problem:
        typeof value === 'function' || typeof value === 'symbol'
          ? `a ${typeof value} at ${root}`
          : null,
      buffers: [],
    };
  }
  const buffers = new Set<ArrayBuffer>();
  const seen = new Set<object>();
  const problem = walk(value, root, seen, buffers);
  return { problem, buffers: [...buffers] };
}

function walk(
  value: unknown,
  path: string,
  seen: Set<object>,
  buffers: Set<ArrayBuffer>,
): string | null {
  switch (typeof value) {
    case 'function':
      return `a function at ${path}`;
    case 'symbol':
      return `a symbol at ${path}`;
    case 'object':
      break;
    default:
      return null;
  }
  if (value === null || seen.has(value)) return null;
  seen.add(value);
  if (value instanceof ArrayBuffer) {
    buffers.add(value);
    return null;
  }
  if (ArrayBuffer.isView(value)) {
    if (value.buffer instanceof ArrayBuffer) buffers.add(value.buffer);
    return null;
  }
  if (hasSharedArrayBuffer && value instanceof SharedArrayBuffer) return null;
  const tag = Object.prototype.toString.call(value).slice(8, -1);
  if (REFUSED_TAGS.has(tag)) return `a ${tag} at ${path}`;
  if (value instanceof Map) {
    let i = 0;
    for (const [k, v] of value) {
      const found =
        walk(k, `${path}.keys[${i}]`, seen, buffers) ?? walk(v, `${path}.get(${i})`, seen, buffers);
      if (found) return found;
      i++;
    }
    return null;
  }
  if (value instanceof Set) {
    let i = 0;
    for (const v of value) {
      const found = walk(v, `${path}.values[${i++}]`, seen, buffers);
      if (found) return found;
    }
    return null;
  }
  if (value instanceof Date || value instanceof RegExp) return null;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = walk(value[i], `${path}[${i}]`, seen, buffers);
      if (found) return found;
    }
    return null;
  }
  if (value instanceof Error) return walk(value.cause, `${path}.cause`, seen, buffers);
  for (const key of Object.keys(value)) {
    const found = walk((value as Record<string, unknown>)[key], `${path}.${key}`, seen, buffers);
    if (found) return found;
  }
  return null;
}
