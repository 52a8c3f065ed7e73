import { describe, expect, it } from 'vitest';
import { estimateBytes, validateReport } from './validateReport.ts';

const timing = { startedAt: 1, finishedAt: 2, durationMs: 1 };
const good = {
  logs: [{ id: 1, lines: [{ ts: 1, level: 'log', message: 'hi' }] }],
  outcomes: [
    { type: 'ok', id: 1, value: { secret: 42 }, ...timing },
    { type: 'error', id: 2, error: { name: 'Error', message: 'boom', code: 'E_X' }, ...timing },
    { type: 'skipped', id: 3 },
  ],
};

describe('validateReport (what a sandboxed task worker sends)', () => {
  it('accepts a well-formed report as it is', () => {
    expect(validateReport(good)).toEqual(good);
    expect(
      validateReport({ logs: [], outcomes: [], crash: { error: { name: 'E', message: 'x' } } }),
    ).toMatchObject({ crash: { error: { message: 'x' } } });
  });

  it.each([
    ['not an object', 'report'],
    ['no outcomes', { logs: [] }],
    ['an outcome without an id', { logs: [], outcomes: [{ type: 'ok', value: 1, ...timing }] }],
    [
      'an id that is not a positive integer',
      { logs: [], outcomes: [{ type: 'skipped', id: '1' }] },
    ],
    ['an ok outcome without timing', { logs: [], outcomes: [{ type: 'ok', id: 1, value: 1 }] }],
    ['an ok outcome without a value', { logs: [], outcomes: [{ type: 'ok', id: 1, ...timing }] }],
    ['an unknown outcome type', { logs: [], outcomes: [{ type: 'done', id: 1, ...timing }] }],
    [
      'an error that is not an error',
      { logs: [], outcomes: [{ type: 'error', id: 1, error: 'boom', ...timing }] },
    ],
    [
      'a log line of an unknown level',
      { logs: [{ id: 1, lines: [{ ts: 1, level: 'x', message: '' }] }], outcomes: [] },
    ],
    [
      'a log line that is not text',
      { logs: [{ id: 1, lines: [{ ts: 1, level: 'log', message: {} }] }], outcomes: [] },
    ],
    ['a crash without an error', { logs: [], outcomes: [], crash: { attemptId: 1 } }],
  ])('refuses %s', (_, data) => {
    expect(validateReport(data)).toBeNull();
  });

  it('turns a result over the size limit into an error naming the limit', () => {
    const report = validateReport(
      { logs: [], outcomes: [{ type: 'ok', id: 7, value: { big: 'x'.repeat(2048) }, ...timing }] },
      1024,
    );
    expect(report?.outcomes[0]).toMatchObject({
      type: 'error',
      id: 7,
      error: { code: 'E_RESULT_TOO_LARGE' },
    });
  });

  it('estimates sizes of strings, buffers and nested collections, and stops past the limit', () => {
    expect(estimateBytes('abcd')).toBe(8);
    expect(estimateBytes(new Uint8Array(100))).toBe(100);
    expect(estimateBytes(new Map([['k', new Set([new ArrayBuffer(10)])]]))).toBe(12);
    const cyclic: Record<string, unknown> = { a: 'xx' };
    cyclic.self = cyclic;
    expect(estimateBytes(cyclic)).toBe(2 + 4 + 8); // keys 'a' and 'self', value 'xx'
    const huge = Array.from({ length: 1000 }, () => 'y'.repeat(1000));
    expect(estimateBytes(huge, 10_000)).toBeLessThan(20_000);
  });
});
