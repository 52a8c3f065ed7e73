import { describe, expect, it } from 'vitest';
import type { TaskContext } from '../model/types.ts';
import { TaskCompiler } from './compile.ts';

const silent = { log() {}, info() {}, warn() {}, error() {}, debug() {} };
const ctx: TaskContext = {
  signal: new AbortController().signal,
  attempt: 1,
  runId: 'r',
  taskName: 't',
  log() {},
  params: {},
  secrets: {},
  skip() {
    throw new Error('not used');
  },
};

describe('TaskCompiler', () => {
  it('keeps upstream lists apart that a line-break join would mix up', async () => {
    const compiler = new TaskCompiler(silent);
    const two = compiler.compile({
      kind: 'code',
      name: 'x',
      code: 'return a;',
      upstream: ['a', 'b'],
    });
    const one = compiler.compile({
      kind: 'code',
      name: 'y',
      code: 'return a;',
      upstream: ['a\nb'],
    });
    await expect(two({ a: 1, b: 2 }, ctx, silent)).resolves.toBe(1);
    // 'a\nb' is not an identifier, so there is no local `a` here: reading it is an error.
    await expect(one({ 'a\nb': 1 }, ctx, silent)).rejects.toThrow(ReferenceError);
    expect(compiler.size).toBe(2);
  });
});
