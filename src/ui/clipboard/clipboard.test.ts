import { describe, expect, it } from 'vitest';
import { docOf } from '../testing/docOf.ts';
import { copyName, copyTasks, parseFragment, pasteFragment } from './clipboard.ts';

const doc = docOf({ a: [], b: ['a'], c: ['a', 'b'] }, 100);

describe('clipboard', () => {
  it('copies only the edges inside the selection', () => {
    const fragment = copyTasks(doc, new Set(['b', 'c']));
    expect(fragment.tasks.map((t) => [t.name, t.dependsOn])).toEqual([
      ['b', []],
      ['c', ['b']],
    ]);
  });

  it('pastes with fresh names, remapped edges and shifted positions', () => {
    const fragment = copyTasks(doc, new Set(['b', 'c']));
    const { doc: next, pasted } = pasteFragment(doc, fragment, { x: 40, y: 40 });
    expect(pasted).toEqual(['b_copy', 'c_copy']);
    expect(next.tasks.slice(3)).toEqual([
      { name: 'b_copy', code: '', dependsOn: [], position: { x: 40, y: 140 } },
      { name: 'c_copy', code: '', dependsOn: ['b_copy'], position: { x: 40, y: 240 } },
    ]);
    expect(doc.tasks).toHaveLength(3);
  });

  it('pastes text from elsewhere that repeats a dependency with each upstream once', () => {
    const text = JSON.stringify({
      format: 'flowweaver.fragment',
      tasks: [
        { name: 'x', code: '', dependsOn: [] },
        { name: 'y', code: '', dependsOn: Array<string>(100_000).fill('x') },
      ],
    });
    const { doc: next } = pasteFragment(doc, parseFragment(text)!, { x: 0, y: 0 });
    expect(next.tasks.slice(3).map((t) => [t.name, t.dependsOn])).toEqual([
      ['x', []],
      ['y', ['x']],
    ]);
  });

  it('keeps counting copies', () => {
    expect(copyName('a', new Set(['a', 'a_copy']))).toBe('a_copy2');
    expect(copyName('z', new Set(['a']))).toBe('z');
  });

  it.each([
    ['not json', null],
    ['{"format":"other","tasks":[]}', null],
    ['{"format":"flowweaver.fragment","tasks":[{"name":1}]}', null],
  ])('refuses clipboard text %s', (text, expected) => {
    expect(parseFragment(text)).toBe(expected);
  });

  it('round-trips a fragment through text', () => {
    const fragment = copyTasks(doc, new Set(['a']));
    expect(parseFragment(JSON.stringify(fragment))).toEqual(fragment);
  });
});
