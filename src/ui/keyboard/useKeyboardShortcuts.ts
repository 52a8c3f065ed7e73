import { useEffect } from 'react';
import { useFitGraph } from '../canvas/useFitGraph.ts';
import {
  copySelection,
  cutSelection,
  deleteSelection,
  duplicateSelection,
  pasteFragmentText,
  redo,
  undo,
} from '../commands/editCommands.ts';
import { clearSelection, extendSelection, selectAll } from '../commands/selectionCommands.ts';
import { autoLayout } from '../layout/layoutCommands.ts';
import { useAppStore } from '../store/appStore.ts';
import { hasInAppClipboard } from '../commands/editCommands.ts';

/** Typing in a field or editor, or anywhere in a dialog (the canvas behind it stays as it is). */
function isEditable(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return (
    target.isContentEditable ||
    target.closest('input, textarea, select, [contenteditable="true"], .cm-editor, dialog') !== null
  );
}

/**
 * App-wide shortcuts (see keyboard/shortcuts.ts); ignored while typing in a field or editor, and
 * inside dialogs (a review before a run must not change the workflow it shows).
 */
export function useKeyboardShortcuts(onAddTask: () => void): void {
  const fitGraph = useFitGraph();
  useEffect(() => {
    const onKeyDown = (e: KeyboardEvent) => {
      const ui = useAppStore.getState();
      if (e.key === 'Escape') {
        if (ui.dialog !== 'none') ui.setDialog('none');
        else if (!isEditable(e.target)) clearSelection();
        return;
      }
      if (isEditable(e.target) || ui.dialog !== 'none') return;
      const mod = e.ctrlKey || e.metaKey;
      const key = e.key.toLowerCase();
      let handled = true;
      if (mod && key === 'z' && !e.shiftKey) undo();
      else if (mod && ((key === 'z' && e.shiftKey) || key === 'y')) redo();
      else if (mod && key === 'c') void copySelection();
      else if (mod && key === 'x') void cutSelection();
      else if (mod && key === 'v') {
        if (hasInAppClipboard()) pasteFragmentText(null);
        else handled = false; // let the paste event bring in text from another tab
      } else if (mod && key === 'd') duplicateSelection();
      else if (mod && key === 'a') selectAll();
      else if (e.shiftKey && e.altKey && e.code === 'KeyL') void autoLayout();
      else if (mod || e.altKey) handled = false;
      else if (e.key === 'Delete' || e.key === 'Backspace') deleteSelection();
      else if (e.key === '?') ui.setDialog('shortcuts');
      else if (key === 'n') onAddTask();
      else if (key === 'u') extendSelection('upstream');
      else if (key === 'd') extendSelection('downstream');
      else if (key === 'f') fitGraph({ animate: true });
      else handled = false;
      if (handled) e.preventDefault();
    };
    const onPaste = (e: ClipboardEvent) => {
      if (isEditable(e.target) || useAppStore.getState().dialog !== 'none') return;
      const text = e.clipboardData?.getData('text/plain') ?? null;
      if (text) pasteFragmentText(text);
    };
    window.addEventListener('keydown', onKeyDown);
    window.addEventListener('paste', onPaste);
    return () => {
      window.removeEventListener('keydown', onKeyDown);
      window.removeEventListener('paste', onPaste);
    };
  }, [fitGraph, onAddTask]);
}
