import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { WorkflowDocument } from '../../engine/index.ts';
import { flushPendingSave, pendingDocument, scheduleSave } from './autosave.ts';

const doc = (id: string, name: string): WorkflowDocument => ({
  format: 'flowweaver.workflow',
  version: 2,
  id,
  name,
  tasks: [],
});

describe('autosave', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(async () => {
    await flushPendingSave();
    vi.useRealTimers();
  });

  it('writes the last edit of a workflow once, after the pause', () => {
    const write = vi.fn(() => Promise.resolve());
    scheduleSave(doc('a', 'one'), write, 300);
    scheduleSave(doc('a', 'two'), write, 300);
    vi.advanceTimersByTime(299);
    expect(write).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(write).toHaveBeenCalledTimes(1);
    expect(write).toHaveBeenCalledWith(doc('a', 'two'));
    expect(pendingDocument()).toBeUndefined();
  });

  it("writes a workflow's pending edit at once when another workflow replaces it", () => {
    const written: string[] = [];
    const write = (d: WorkflowDocument) => {
      written.push(`${d.id}:${d.name}`);
      return Promise.resolve();
    };
    scheduleSave(doc('a', 'edited'), write, 300);
    scheduleSave(doc('b', 'opened'), write, 300);
    expect(written).toEqual(['a:edited']);
    expect(pendingDocument()).toEqual(doc('b', 'opened'));
    vi.advanceTimersByTime(300);
    expect(written).toEqual(['a:edited', 'b:opened']);
  });

  it('flush writes now and resolves when written; nothing is written twice', async () => {
    let finish = () => {};
    const write = vi.fn(() => new Promise<void>((resolve) => (finish = resolve)));
    scheduleSave(doc('a', 'x'), write, 300);
    let done = false;
    const flushed = flushPendingSave().then(() => (done = true));
    expect(write).toHaveBeenCalledTimes(1);
    await Promise.resolve();
    expect(done).toBe(false);
    finish();
    await flushed;
    expect(done).toBe(true);
    vi.advanceTimersByTime(1000);
    await flushPendingSave();
    expect(write).toHaveBeenCalledTimes(1);
  });
});
