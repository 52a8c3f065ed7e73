import { useKeyboardShortcuts } from '../keyboard/useKeyboardShortcuts.ts';
import { useAddTaskAtCenter } from './useAddTaskAtCenter.ts';

/** Mounts the app-wide shortcuts inside the React Flow provider; renders nothing. */
export function EditorShortcuts() {
  useKeyboardShortcuts(useAddTaskAtCenter());
  return null;
}
