import { describe, expect, it } from 'vitest';
import { docOf } from '../testing/docOf.ts';
import { cycleMessage } from '../commands/cycleMessage.ts';
import {
  addDependency,
  addTask,
  removeDependencies,
  removeTasks,
  renameTask,
  setPositions,
  uniqueName,
  updateTask,
} from './docOps.ts';

const doc = docOf({ a: [], b: ['a'], c: ['b'] });

describe('document edits', () => {
  it('names new tasks task_1, task_2, … skipping taken names', () => {
    expect(uniqueName(new Set(['task_1', 'task_3']))).toBe('task_2');
    const next = addTask(doc, { x: 1, y: 2 });
    expect(next.tasks[3]).toMatchObject({
      name: 'task_1',
      dependsOn: [],
      position: { x: 1, y: 2 },
    });
  });

  it('removes tasks with every dependency on them', () => {
    const next = removeTasks(doc, new Set(['b']));
    expect(next.tasks.map((t) => [t.name, t.dependsOn])).toEqual([
      ['a', []],
      ['c', []],
    ]);
  });

  it('adds and removes dependencies', () => {
    const next = addDependency(doc, 'a', 'c');
    expect(next.tasks[2]!.dependsOn).toEqual(['b', 'a']);
    expect(addDependency(next, 'a', 'c')).toBe(next);
    expect(removeDependencies(next, [['b', 'c']]).tasks[2]!.dependsOn).toEqual(['a']);
  });

  it('renames a task and the references to it', () => {
    const next = renameTask(doc, 'b', 'middle');
    expect(next.tasks.map((t) => [t.name, t.dependsOn])).toEqual([
      ['a', []],
      ['middle', ['a']],
      ['c', ['middle']],
    ]);
  });

  it('renames the upstream a mapped task maps over with it', () => {
    const mapped = updateTask(doc, 'c', { mapOver: 'b' });
    const next = renameTask(mapped, 'b', 'files');
    expect(next.tasks[2]).toMatchObject({ name: 'c', dependsOn: ['files'], mapOver: 'files' });
    expect(renameTask(mapped, 'a', 'start').tasks[2]!.mapOver).toBe('b');
  });

  it('patches options and drops cleared ones', () => {
    const withRetries = updateTask(doc, 'a', { retries: 2, timeoutMs: 100 });
    expect(withRetries.tasks[0]).toMatchObject({ retries: 2, timeoutMs: 100 });
    expect(updateTask(withRetries, 'a', { timeoutMs: undefined }).tasks[0]).not.toHaveProperty(
      'timeoutMs',
    );
  });

  it('moves only the given tasks, keeping the others identical', () => {
    const next = setPositions(doc, new Map([['a', { x: 5, y: 6 }]]));
    expect(next.tasks[0]!.position).toEqual({ x: 5, y: 6 });
    expect(next.tasks[1]).toBe(doc.tasks[1]);
  });

  it('returns the same document when no task moves (no undo step for it)', () => {
    const moved = setPositions(doc, new Map([['a', { x: 5, y: 6 }]]));
    expect(setPositions(moved, new Map([['a', { x: 5, y: 6 }]]))).toBe(moved);
  });
});

describe('cycleMessage', () => {
  it.each([
    ['c', 'a', 'c → a would close a → b → c → a'],
    ['a', 'a', 'a → a would close a → a'],
    ['a', 'c', null],
  ])('%s → %s', (from, to, expected) => {
    expect(cycleMessage(doc, from, to)).toBe(expected);
  });
});
