import { describe, expect, it } from 'vitest';
import type { Toast } from '../store/uiSlice.ts';
import { dismissesItself, MAX_TOASTS, runSubject, withToast } from './toastQueue.ts';

const toast = (id: number, patch: Partial<Toast> = {}): Toast => ({
  id,
  kind: 'info',
  message: `m${id}`,
  ...patch,
});

describe('withToast', () => {
  it('replaces the toast of the same subject, wherever it is, with the newer one at the end', () => {
    const failed = toast(1, { kind: 'error', subject: runSubject('wf'), message: 'Run failed' });
    const other = toast(2);
    const completed = toast(3, { subject: runSubject('wf'), message: 'Run completed' });
    expect(withToast([failed, other], completed)).toEqual([other, completed]);
  });

  it('keeps toasts of other subjects and toasts without one', () => {
    const a = toast(1, { subject: runSubject('a') });
    const plain = toast(2);
    const b = toast(3, { subject: runSubject('b') });
    expect(withToast([a, plain], b)).toEqual([a, plain, b]);
    expect(withToast([a], toast(4))).toHaveLength(2);
  });

  it(`keeps at most ${MAX_TOASTS}, dropping the oldest`, () => {
    let list: Toast[] = [];
    for (let id = 1; id <= MAX_TOASTS + 2; id++) list = withToast(list, toast(id));
    expect(list.map((t) => t.id)).toEqual([3, 4, 5]);
  });
});

describe('dismissesItself', () => {
  it('lets information go by itself; errors stay until dismissed or replaced', () => {
    expect(dismissesItself(toast(1))).toBe(true);
    expect(dismissesItself(toast(1, { kind: 'error' }))).toBe(false);
  });
});
