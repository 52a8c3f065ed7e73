import { describe, expect, it } from 'vitest';
import { checkPortable } from './portability.ts';
import { inspectValue } from './inspectValue.ts';

// Sources are given as text (through `new Function`) so the test transform cannot rewrite them.
const fnFrom = (source: string) => new Function(`return (${source});`)() as () => unknown;

describe('checkPortable', () => {
  it.each([
    ['arrow with params', '(inputs, ctx) => inputs.a + ctx.attempt'],
    ['globals', '() => Math.max(...JSON.parse("[1]"), Date.now(), structuredClone(1))'],
    [
      'locals, destructuring and defaults',
      '({ a, b = a }, { signal }) => { const [x, ...rest] = [a, b]; return x + rest.length; }',
    ],
    [
      'nested functions and hoisting',
      'function f() { return g(); function g() { var v = 1; return v; } }',
    ],
    [
      'named function expression calling itself',
      'function fib(n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); }',
    ],
    [
      'block scopes, loops, catch',
      '() => { let s = 0; for (const k of [1]) { s += k; } try { s++; } catch (e) { s = e; } return s; }',
    ],
    [
      'classes and member names',
      '() => { class A { m() { return this.x; } } return new A().m() + ({ key: 1 }).key; }',
    ],
    ['labels', '() => { outer: for (;;) { break outer; } }'],
    ['method shorthand', 'async run(inputs) { return inputs.x; }'],
  ])('accepts %s', (_label, source) => {
    expect(
      checkPortable(fnFrom(source.startsWith('async run') ? `{ ${source} }.run` : source)),
    ).toMatchObject({
      ok: true,
    });
  });

  it.each([
    ['a read of an outer variable', '() => outer + 1', ['outer']],
    ['an outer function call', '(inputs) => helper(inputs)', ['helper']],
    ['a write to an outer variable', '() => { counter = 1; }', ['counter']],
    ['a destructuring write', '() => { ({ a: total } = {}); }', ['total']],
    ['a shadowed name used outside its block', '() => { { const x = 1; } return x; }', ['x']],
    ['a default referencing an outer name', '(a = fallback) => a', ['fallback']],
  ])('rejects %s', (_label, source, names) => {
    const result = checkPortable(fnFrom(source));
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.freeNames).toEqual(names);
  });

  it('rejects a closure with the names in its reason', () => {
    const limit = 3;
    const result = checkPortable((inputs: Record<string, unknown>) => Number(inputs.a) < limit);
    expect(result).toMatchObject({ ok: false, reason: expect.stringContaining('"limit"') });
  });

  it('rejects bound and native functions', () => {
    expect(checkPortable(Math.max).ok).toBe(false);
    expect(checkPortable(fnFrom('() => 1').bind(null)).ok).toBe(false);
  });

  it('builds a source that evaluates back to the function', () => {
    const result = checkPortable(fnFrom('(inputs) => inputs.a * 2'));
    if (!result.ok) throw new Error(result.reason);
    const rebuilt = new Function(`return ${result.source};`)() as (i: { a: number }) => number;
    expect(rebuilt({ a: 21 })).toBe(42);
  });
});

describe('inspectValue', () => {
  it.each([
    [{ a: 1, b: [1, 'x', null], c: new Map([[1, new Set([2])]]), d: new Date(0) }, null],
    [{ f() {} }, 'a function at result.f'],
    [[Symbol('s')], 'a symbol at result[0]'],
    [{ p: Promise.resolve() }, 'a Promise at result.p'],
    [new Map([['k', new WeakMap()]]), 'a WeakMap at result.get(0)'],
  ])('finds what structured clone refuses (%#)', (value, problem) => {
    expect(inspectValue(value).problem).toBe(problem);
  });

  it('handles cycles and collects each buffer once', () => {
    const bytes = new Uint8Array(8);
    const value: Record<string, unknown> = { bytes, view: new DataView(bytes.buffer) };
    value.self = value;
    expect(inspectValue(value)).toEqual({ problem: null, buffers: [bytes.buffer] });
  });
});
