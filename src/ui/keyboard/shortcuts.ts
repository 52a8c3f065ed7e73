// The shortcut table: one source for the handler and the "?" sheet.

export interface Shortcut {
  keys: string;
  action: string;
}

export const SHORTCUTS: readonly Shortcut[] = [
  { keys: 'N / double-click canvas', action: 'Add task' },
  { keys: 'Drag from a handle', action: 'Connect tasks' },
  { keys: 'Delete / Backspace', action: 'Delete selection' },
  { keys: 'Shift+drag', action: 'Box select' },
  { keys: 'Shift/Ctrl+click', action: 'Add to selection' },
  { keys: 'Ctrl+A', action: 'Select all' },
  { keys: 'U / D', action: 'Select upstream / downstream' },
  { keys: 'Escape', action: 'Clear selection, close dialogs' },
  { keys: 'Ctrl+C / Ctrl+X / Ctrl+V', action: 'Copy / cut / paste' },
  { keys: 'Ctrl+D', action: 'Duplicate' },
  { keys: 'Ctrl+Z', action: 'Undo' },
  { keys: 'Ctrl+Shift+Z / Ctrl+Y', action: 'Redo' },
  { keys: 'Shift+Alt+L', action: 'Auto layout (selection, or whole graph)' },
  { keys: 'F', action: 'Fit view' },
  { keys: '?', action: 'This sheet' },
];
