import { describe, expect, it } from 'vitest';
import {
  checkCodeSyntax,
  compileCodeTask,
  formatLogArgs,
  isScopeIdentifier,
  mentionedUpstream,
} from './codeTask.ts';

const silentConsole = { log() {}, info() {}, warn() {}, error() {}, debug() {} };
const ctx = (log: (...args: unknown[]) => void = () => {}) => ({
  signal: new AbortController().signal,
  log,
});

describe('compileCodeTask', () => {
  it('puts identifier upstream names in scope and keeps every name in inputs', async () => {
    const fn = compileCodeTask('return a + b + inputs["my name"];', ['a', 'b', 'my name']);
    await expect(fn({ a: 1, b: 2, 'my name': 3 }, ctx(), silentConsole)).resolves.toBe(6);
  });

  it('makes locals of the upstreams the body mentions; the others are in inputs', async () => {
    expect(mentionedUpstream('return 1;', ['t_0'])).toEqual([]);
    expect(mentionedUpstream('return t_0 + inputs.u;', ['t_0', 'u', 'v'])).toEqual(['t_0', 'u']);
    const fn = compileCodeTask('return Object.keys(inputs).join() + ":" + a;', ['a', 'b']);
    await expect(fn({ a: 1, b: 2 }, ctx(), silentConsole)).resolves.toBe('a,b:1');
    // b is not mentioned, so it is not a local: a global of that name stays visible.
    const global = compileCodeTask('return typeof b;', []);
    const unmentioned = compileCodeTask('return typeof Math;', ['b']);
    await expect(global({}, ctx(), silentConsole)).resolves.toBe('undefined');
    await expect(unmentioned({ b: 2 }, ctx(), silentConsole)).resolves.toBe('object');
  });

  it('lets the body declare a local with an upstream name', async () => {
    const fn = compileCodeTask('let a = 10; return a;', ['a']);
    await expect(fn({ a: 1 }, ctx(), silentConsole)).resolves.toBe(10);
  });

  it('routes log and console to the given sinks', async () => {
    const lines: unknown[][] = [];
    const captured = {
      ...silentConsole,
      warn: (...args: unknown[]) => lines.push(['warn', ...args]),
    };
    const fn = compileCodeTask('log("hi", 1); console.warn("careful"); return null;', []);
    await fn(
      {},
      ctx((...args) => lines.push(['log', ...args])),
      captured,
    );
    expect(lines).toEqual([
      ['log', 'hi', 1],
      ['warn', 'careful'],
    ]);
  });

  it('supports await at the top of the body', async () => {
    const fn = compileCodeTask('const x = await Promise.resolve(41); return x + 1;', []);
    await expect(fn({}, ctx(), silentConsole)).resolves.toBe(42);
  });
});

describe('checkCodeSyntax', () => {
  it('returns null for valid code with top-level return and await', () => {
    expect(checkCodeSyntax('const v = await fetchLater();\nreturn v;')).toBeNull();
  });

  it('reports the line and column of the first problem', () => {
    expect(checkCodeSyntax('const x = 1;\nreturn x +;')).toEqual({
      message: 'Unexpected token',
      line: 2,
      column: 11,
    });
  });
});

describe('isScopeIdentifier', () => {
  it.each([
    ['extract', true],
    ['données', true],
    ['$x_1', true],
    ['my name', false],
    ['a-b', false],
    ['class', false],
    ['let', false],
    ['inputs', false],
    ['log', false],
    ['1st', false],
    ['yield', false],
    ['static', false],
    ['implements', false],
    ['await', false],
    ['arguments', false],
    ['eval', false],
    ['of', true],
    ['async', true],
  ])('%s → %s', (name, expected) => {
    expect(isScopeIdentifier(name)).toBe(expected);
  });

  it('decides without evaluating code: the app pages allow no eval under their CSP', () => {
    const original = globalThis.Function;
    globalThis.Function = function () {
      throw new EvalError('Refused to evaluate a string as JavaScript');
    } as unknown as FunctionConstructor;
    try {
      expect(isScopeIdentifier('notSeenBefore')).toBe(true);
      expect(isScopeIdentifier('package')).toBe(false);
    } finally {
      globalThis.Function = original;
    }
  });
});

describe('formatLogArgs', () => {
  it('joins values like a console would', () => {
    expect(formatLogArgs(['rows', 3, { ok: true }, undefined, 2n])).toBe(
      'rows 3 {"ok":true} undefined 2n',
    );
  });
});
