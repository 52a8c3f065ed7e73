// Decides whether a task function can be rebuilt from its source in another thread, and builds the
// expression that rebuilds it. A function that closes over outer variables is not portable.
import { parse, type Node } from 'acorn';
import { freeIdentifiers } from './freeIdentifiers.ts';

/** Names a portable task function may use without declaring them (present in every worker). */
export const PORTABLE_GLOBALS: ReadonlySet<string> = new Set([
  // language
  'undefined', 'NaN', 'Infinity', 'globalThis', 'arguments', 'eval',
  'Object', 'Function', 'Array', 'String', 'Number', 'Boolean', 'Symbol', 'BigInt', 'Math', 'JSON',
  'Date', 'RegExp', 'Promise', 'Proxy', 'Reflect', 'Map', 'Set', 'WeakMap', 'WeakSet', 'WeakRef',
  'FinalizationRegistry', 'Intl', 'Atomics', 'ArrayBuffer', 'SharedArrayBuffer', 'DataView',
  'Int8Array', 'Uint8Array', 'Uint8ClampedArray', 'Int16Array', 'Uint16Array', 'Int32Array',
  'Uint32Array', 'Float32Array', 'Float64Array', 'BigInt64Array', 'BigUint64Array',
  'Error', 'TypeError', 'RangeError', 'SyntaxError', 'ReferenceError', 'EvalError', 'URIError',
  'AggregateError', 'isNaN', 'isFinite', 'parseInt', 'parseFloat', 'encodeURI', 'decodeURI',
  'encodeURIComponent', 'decodeURIComponent',
  // web platform common to workers and Node
  'console', 'setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'queueMicrotask',
  'structuredClone', 'performance', 'crypto', 'fetch', 'Request', 'Response', 'Headers', 'URL',
  'URLSearchParams', 'TextEncoder', 'TextDecoder', 'AbortController', 'AbortSignal', 'Blob',
  'Event', 'EventTarget', 'atob', 'btoa', 'DOMException', 'MessageChannel', 'WebAssembly',
  // esbuild's keepNames helper (tsx, Vite): supplied by the worker
  '__name',
]); // prettier-ignore

/** The outcome of checking a function for portability. */
export type PortabilityResult =
  { ok: true; source: string } | { ok: false; reason: string; freeNames: string[] };

/**
 * Checks that `fn` can run from its source alone and returns an expression that evaluates to it.
 * Parses `fn.toString()` with acorn and lists names it uses that are neither its own nor globals.
 */
export function checkPortable(
  fn: (...args: never[]) => unknown,
  globals = PORTABLE_GLOBALS,
): PortabilityResult {
  const text = Function.prototype.toString.call(fn);
  if (/\{\s*\[native code\]\s*\}\s*$/.test(text)) {
    return {
      ok: false,
      reason: 'it is a native or bound function, whose source is not available',
      freeNames: [],
    };
  }
  const parsed = parseFunction(text);
  if (!parsed)
    return { ok: false, reason: 'its source could not be parsed as a function', freeNames: [] };
  const freeNames = freeIdentifiers(parsed.node).filter((name) => !globals.has(name));
  if (freeNames.length > 0) {
    const list = freeNames.map((n) => `"${n}"`).join(', ');
    return { ok: false, reason: `it uses ${list} from outside the function`, freeNames };
  }
  return { ok: true, source: parsed.source };
}

function parseFunction(text: string): { node: Node; source: string } | undefined {
  const asExpression = tryParse(`(${text}\n)`);
  if (asExpression && isFunctionNode(asExpression))
    return { node: asExpression, source: `(${text}\n)` };
  // Method shorthand: `name(a) { … }` / `async name() { … }` as written in an object literal.
  const wrapped = `({${text}\n})`;
  const object = tryParse(wrapped) as (Node & { properties?: Node[] }) | undefined;
  const property = object?.properties?.length === 1 ? object.properties[0] : undefined;
  const prop = property as (Node & { computed?: boolean; key?: Node; value?: Node }) | undefined;
  if (!prop || prop.computed || !prop.value || !isFunctionNode(prop.value)) return undefined;
  const key = prop.key as Node & { name?: string; value?: unknown };
  const name = key.type === 'Identifier' ? key.name : String(key.value);
  return { node: prop.value, source: `${wrapped}[${JSON.stringify(name)}]` };
}

/** Parses `text` as a program of exactly one expression statement and returns the expression. */
function tryParse(text: string): Node | undefined {
  try {
    const program = parse(text, { ecmaVersion: 'latest', sourceType: 'module' });
    const [only, ...rest] = program.body;
    if (!only || rest.length > 0 || only.type !== 'ExpressionStatement') return undefined;
    return only.expression;
  } catch {
    return undefined;
  }
}

function isFunctionNode(node: Node): boolean {
  return node.type === 'FunctionExpression' || node.type === 'ArrowFunctionExpression';
}
