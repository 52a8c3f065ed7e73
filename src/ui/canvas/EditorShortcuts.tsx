import { useKeyboardShortcuts } from '../keyboard/useKeyboardShortcuts.ts';

/** Mounts the app-wide shortcuts inside the React Flow provider; renders nothing. */
export function EditorShortcuts() {
  useKeyboardShortcuts();
  return null;
}
