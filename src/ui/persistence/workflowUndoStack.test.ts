import { describe, expect, it } from 'vitest';
import {
  forgetDeletesOf,
  MAX_ACTIONS,
  readActions,
  recordAction,
  takeAction,
  WORKFLOW_UNDO_KEY,
} from './workflowUndoStack.ts';

const DAY = 24 * 60 * 60 * 1000;

/** A fresh localStorage stand-in. */
function fakeStorage() {
  const items = new Map<string, string>();
  return {
    items,
    getItem: (k: string) => items.get(k) ?? null,
    setItem: (k: string, v: string) => void items.set(k, v),
  };
}

const del = (id: string) => ({ kind: 'delete' as const, id, name: id, wasOpen: false });

describe('workflow undo history', () => {
  it('takes the newest action first, or the one asked for, each only once', () => {
    const store = fakeStorage();
    const now = Date.now();
    const a = recordAction(del('a'), now, store);
    recordAction({ kind: 'import', id: 'b', name: 'B', previous: 'a' }, now, store);
    expect(takeAction(a.key, store)).toEqual(a);
    expect(takeAction(a.key, store)).toBeUndefined();
    expect(takeAction(undefined, store)).toMatchObject({ kind: 'import', id: 'b', previous: 'a' });
    expect(takeAction(undefined, store)).toBeUndefined();
  });

  it(`keeps the last ${MAX_ACTIONS}, none older than Recently deleted keeps a workflow`, () => {
    const store = fakeStorage();
    const now = Date.now();
    recordAction(del('old'), now - 31 * DAY, store);
    for (let i = 0; i < MAX_ACTIONS + 5; i++) recordAction(del(`w${i}`), now, store);
    const kept = readActions(now, store);
    expect(kept).toHaveLength(MAX_ACTIONS);
    expect(kept[0]?.id).toBe('w5');
    expect(kept.at(-1)?.id).toBe(`w${MAX_ACTIONS + 4}`);
    // A month later, everything is past Recently deleted's 30 days.
    expect(readActions(now + 31 * DAY, store)).toEqual([]);
  });

  it('forgets the deletes of a workflow restored by other means', () => {
    const store = fakeStorage();
    recordAction(del('a'), Date.now(), store);
    recordAction({ kind: 'import', id: 'a', name: 'A', previous: 'x' }, Date.now(), store);
    recordAction(del('b'), Date.now(), store);
    forgetDeletesOf('a', store);
    expect(readActions(Date.now(), store).map((a) => `${a.kind}:${a.id}`)).toEqual([
      'import:a',
      'delete:b',
    ]);
  });

  it('ignores what it cannot read', () => {
    const store = fakeStorage();
    store.setItem(WORKFLOW_UNDO_KEY, '{not json');
    expect(readActions(Date.now(), store)).toEqual([]);
    store.setItem(
      WORKFLOW_UNDO_KEY,
      JSON.stringify([{ kind: 'delete', id: 'a' }, 7, { ...del('b'), key: 'k', at: Date.now() }]),
    );
    expect(readActions(Date.now(), store).map((a) => a.id)).toEqual(['b']);
  });
});
