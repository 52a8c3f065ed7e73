// The redactor replaces exact secret values in text, values and errors; the secrets a run needs.
import { describe, expect, it } from 'vitest';
import { FlowWeaverError } from './errors.ts';
import { declaredSecrets, Redactor, requireSecrets } from './secrets.ts';

describe('Redactor', () => {
  const r = new Redactor(['abc', 'abcdef', '']);

  it('replaces every occurrence, the longest value first, and ignores empty values', () => {
    expect(r.text('x abcdef y abc z')).toBe('x *** y *** z');
    expect(new Redactor(['']).empty).toBe(true);
    expect(r.text('nothing here')).toBe('nothing here');
  });

  it('copies plain objects and arrays only where something changed, keys included', () => {
    const clean = { a: [1, 'ok'], b: { c: true } };
    expect(r.value(clean)).toBe(clean);
    const value = { list: ['abc', 'fine'], nested: { abc: 'key abcdef' }, n: 3 };
    expect(r.value(value)).toEqual({ list: ['***', 'fine'], nested: { '***': 'key ***' }, n: 3 });
    expect(value.list[0]).toBe('abc');
    const date = new Date(0);
    expect(r.value(date)).toBe(date);
  });

  it('redacts an error message, stack, cause and own properties, keeping its class and code', () => {
    const cause = new Error('inner abc');
    const error = new FlowWeaverError('E_X', 'outer abcdef', { cause });
    const out = r.error(error) as FlowWeaverError;
    expect(out).toBeInstanceOf(FlowWeaverError);
    expect(out.code).toBe('E_X');
    expect(out.message).toBe('outer ***');
    expect(out.stack).not.toContain('abc');
    expect((out.cause as Error).message).toBe('inner ***');
    expect(error.message).toBe('outer abcdef');
    const plain = new Error('no secret');
    expect(r.error(plain)).toBe(plain);
    expect(
      r.serialized({ name: 'E', message: 'abc', cause: { name: 'C', message: 'x abc' } }),
    ).toEqual({
      name: 'E',
      message: '***',
      cause: { name: 'C', message: 'x ***' },
    });
  });
});

describe('the secrets a run needs', () => {
  const tasks = [
    { options: { secrets: ['A', 'B'] } },
    { options: {} },
    { options: { secrets: ['A'] } },
  ];

  it('lists each declared name once', () => {
    expect(declaredSecrets(tasks)).toEqual(['A', 'B']);
  });

  it('takes only the declared values, and names every missing or empty one', () => {
    expect(requireSecrets(tasks, { A: '1', B: '2', C: '3' })).toEqual({ A: '1', B: '2' });
    expect(() => requireSecrets(tasks, { A: '' })).toThrow('Missing secrets "A", "B"');
  });
});
