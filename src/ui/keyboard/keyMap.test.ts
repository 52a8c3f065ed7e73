import { describe, expect, it } from 'vitest';
import { COMMANDS } from './commandRegistry.ts';
import { commandOfKey, type KeyPress } from './keyMap.ts';

const press = (key: string, mods: Partial<KeyPress> = {}): KeyPress => ({
  key,
  code: /^[a-z]$/i.test(key) ? `Key${key.toUpperCase()}` : key,
  ctrlKey: false,
  metaKey: false,
  shiftKey: false,
  altKey: false,
  ...mods,
});
const ctrl = { ctrlKey: true };

/** Each press, the command it runs, and the part of the command's `keys` that says so. */
const PRESSES: [KeyPress, string, string][] = [
  [press('n'), 'add-task', 'N'],
  [press('Delete'), 'delete', 'Delete'],
  [press('Backspace'), 'delete', 'Backspace'],
  [press('c', ctrl), 'copy', 'Ctrl+C'],
  [press('x', ctrl), 'cut', 'Ctrl+X'],
  [press('v', ctrl), 'paste', 'Ctrl+V'],
  [press('d', ctrl), 'duplicate', 'Ctrl+D'],
  [press('z', ctrl), 'undo', 'Ctrl+Z'],
  [press('Z', { ctrlKey: true, shiftKey: true }), 'redo', 'Ctrl+Shift+Z'],
  [press('y', ctrl), 'redo', 'Ctrl+Y'],
  [press('a', ctrl), 'select-all', 'Ctrl+A'],
  [press('u'), 'select-upstream', 'U'],
  [press('d'), 'select-downstream', 'D'],
  [press('Ï', { code: 'KeyL', shiftKey: true, altKey: true }), 'layout', 'Shift+Alt+L'],
  [press('f'), 'fit', 'F'],
  [press('?', { shiftKey: true }), 'shortcuts', '?'],
  // Cmd on macOS works as Ctrl.
  [press('c', { metaKey: true }), 'copy', 'Ctrl+C'],
];
/** Keys the handler takes before the map: the palette (Ctrl+K), F2, and Escape. */
const BEFORE_THE_MAP = ['palette', 'rename', 'select-none'];

describe('commandOfKey', () => {
  it.each(PRESSES)('%j runs %s, whose shortcut lists %s', (p, id, keys) => {
    expect(commandOfKey(p, true)).toBe(id);
    expect(COMMANDS.find((c) => c.id === id)?.keys).toContain(keys);
  });

  it('reaches every command that shows a shortcut', () => {
    const reached = new Set(PRESSES.map(([, id]) => id));
    const shown = COMMANDS.filter((c) => c.keys && !BEFORE_THE_MAP.includes(c.id));
    expect(shown.filter((c) => !reached.has(c.id)).map((c) => c.id)).toEqual([]);
  });

  it('leaves other keys, and Ctrl+V with nothing copied in the app, to the page', () => {
    expect(commandOfKey(press('v', ctrl), false)).toBeNull();
    expect(commandOfKey(press('q'), true)).toBeNull();
    expect(commandOfKey(press('n', { altKey: true }), true)).toBeNull();
    expect(commandOfKey(press('c', { ctrlKey: true, shiftKey: true }), true)).toBeNull();
  });
});
