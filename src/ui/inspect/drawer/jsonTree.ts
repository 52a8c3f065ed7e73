// Pure: how the output tree pages through big values. Never produces markup, only text and entries.
import { emptyRecord } from '../../../engine/index.ts';

export type JsonKind =
  | 'null'
  | 'undefined'
  | 'boolean'
  | 'number'
  | 'bigint'
  | 'string'
  | 'array'
  | 'object'
  | 'date'
  | 'map'
  | 'set'
  | 'other';

/** Children shown per "show more" click. */
export const CHILD_PAGE = 50;
/** Characters of a string shown before "show more". */
export const STRING_PAGE = 200;

export function kindOf(value: unknown): JsonKind {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'undefined':
      return 'undefined';
    case 'boolean':
      return 'boolean';
    case 'number':
      return 'number';
    case 'bigint':
      return 'bigint';
    case 'string':
      return 'string';
    case 'object':
      if (Array.isArray(value)) return 'array';
      if (value instanceof Date) return 'date';
      if (value instanceof Map) return 'map';
      if (value instanceof Set) return 'set';
      return 'object';
    default:
      return 'other';
  }
}

/** True for values the tree can open. */
export function isContainer(value: unknown): boolean {
  const k = kindOf(value);
  return k === 'array' || k === 'object' || k === 'map' || k === 'set';
}

/** Number of children of a container (0 for leaves). */
export function childCount(value: unknown): number {
  switch (kindOf(value)) {
    case 'array':
      return (value as unknown[]).length;
    case 'object':
      return Object.keys(value as object).length;
    case 'map':
    case 'set':
      return (value as Map<unknown, unknown>).size;
    default:
      return 0;
  }
}

export interface ChildPage {
  entries: [key: string, value: unknown][];
  total: number;
  /** Children not in `entries`. */
  remaining: number;
}

/** The first `limit` children of a container as [label, value] pairs. */
export function childEntries(value: unknown, limit: number): ChildPage {
  const total = childCount(value);
  const n = Math.max(0, Math.min(limit, total));
  const entries: [string, unknown][] = [];
  switch (kindOf(value)) {
    case 'array': {
      const arr = value as unknown[];
      for (let i = 0; i < n; i++) entries.push([String(i), arr[i]]);
      break;
    }
    case 'object': {
      const obj = value as Record<string, unknown>;
      const keys = Object.keys(obj);
      for (let i = 0; i < n; i++) entries.push([keys[i]!, obj[keys[i]!]]);
      break;
    }
    case 'map': {
      for (const [k, v] of value as Map<unknown, unknown>) {
        if (entries.length >= n) break;
        entries.push([typeof k === 'string' ? k : previewLeaf(k), v]);
      }
      break;
    }
    case 'set': {
      let i = 0;
      for (const v of value as Set<unknown>) {
        if (i >= n) break;
        entries.push([String(i++), v]);
      }
      break;
    }
  }
  return { entries, total, remaining: total - entries.length };
}

/** A string cut to `limit` characters, and how many were left out. */
export function truncateText(text: string, limit: number): { text: string; remaining: number } {
  if (text.length <= limit) return { text, remaining: 0 };
  return { text: text.slice(0, limit), remaining: text.length - limit };
}

/** One-line text of a leaf value. */
export function previewLeaf(value: unknown): string {
  switch (kindOf(value)) {
    case 'string':
      return JSON.stringify(value);
    case 'bigint':
      return `${String(value)}n`;
    case 'date': {
      const d = value as Date;
      return Number.isNaN(d.getTime()) ? 'Invalid Date' : d.toISOString();
    }
    case 'undefined':
      return 'undefined';
    default:
      return String(value);
  }
}

/** One-line summary of a container: `Array(3)`, `{4 keys}`, `Map(2)`, `Set(0)`. */
export function summarize(value: unknown): string {
  const n = childCount(value);
  switch (kindOf(value)) {
    case 'array':
      return `Array(${n})`;
    case 'object':
      return `{${n} ${n === 1 ? 'key' : 'keys'}}`;
    case 'map':
      return `Map(${n})`;
    case 'set':
      return `Set(${n})`;
    default:
      return previewLeaf(value);
  }
}

/**
 * Pretty JSON for Copy. Never throws: cycles become "[Circular]", bigints strings, Maps objects,
 * Sets arrays, `undefined` (at the top) the text `undefined`.
 */
export function toCopyText(value: unknown): string {
  if (value === undefined) return 'undefined';
  const stack: unknown[] = [];
  const normalise = (v: unknown): unknown => {
    switch (kindOf(v)) {
      case 'bigint':
        return String(v);
      case 'date':
        return previewLeaf(v);
      case 'other':
        return String(v);
      case 'map':
      case 'set':
      case 'array':
      case 'object': {
        if (stack.includes(v)) return '[Circular]';
        stack.push(v);
        let out: unknown;
        if (v instanceof Map) {
          out = Object.fromEntries(
            [...v].map(([k, x]) => [typeof k === 'string' ? k : previewLeaf(k), normalise(x)]),
          );
        } else if (v instanceof Set || Array.isArray(v)) {
          out = [...(v as Iterable<unknown>)].map((x) => (x === undefined ? null : normalise(x)));
        } else {
          // No prototype: an own `__proto__` key of the value is copied like any other.
          const o = emptyRecord<unknown>();
          for (const [k, x] of Object.entries(v as object))
            if (x !== undefined) o[k] = normalise(x);
          out = o;
        }
        stack.pop();
        return out;
      }
      default:
        return v;
    }
  };
  return JSON.stringify(normalise(value), null, 2) ?? 'undefined';
}
