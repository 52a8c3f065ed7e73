// The "?" sheet's rows: every command of the registry that has a shortcut, then the keyboard and
// mouse gestures that are not commands of their own. Built from the registry, so the sheet, the
// palette and the handler's keys cannot drift apart.
import { COMMANDS } from './commandRegistry.ts';

export interface Shortcut {
  keys: string;
  action: string;
}

/** Gestures: what the mouse does (with the keyboard path for it) and keys that move around. */
export const GESTURES: readonly Shortcut[] = [
  { keys: 'Ctrl+F (canvas focused)', action: 'Search tasks (the palette)' },
  { keys: '← ↑ → ↓', action: 'Select the nearest task in that direction' },
  { keys: 'Shift+← ↑ → ↓', action: 'Move the selected tasks one grid step' },
  { keys: 'Escape (in a Name field)', action: 'Back to the task on the canvas' },
  {
    keys: 'Drag from a handle',
    action: 'Connect tasks (keyboard: Ctrl+K → “Connect selected task to…”)',
  },
  { keys: 'Shift+drag', action: 'Box select' },
  { keys: 'Shift/Ctrl+click', action: 'Add to selection' },
  { keys: 'Escape (in a dialog)', action: 'Close it' },
];

export const SHORTCUTS: readonly Shortcut[] = [
  ...COMMANDS.flatMap((c) => (c.keys ? [{ keys: c.keys, action: c.title }] : [])),
  ...GESTURES,
];
