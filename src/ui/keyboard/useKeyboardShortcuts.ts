import { useEffect } from 'react';
import { hasInAppClipboard, nudgeSelection, pasteFragmentText } from '../commands/editCommands.ts';
import { clearSelection } from '../commands/selectionCommands.ts';
import { focusTaskName } from '../inspector/nameFocus.ts';
import { useRevealTask } from '../canvas/useRevealTask.ts';
import { useAppStore } from '../store/appStore.ts';
import { selectSingleSelected } from '../store/selectors.ts';
import { runCommand } from './commandRegistry.ts';
import { commandOfKey } from './keyMap.ts';
import { moveSelection } from './moveSelection.ts';
import { arrowDirection, STEP } from './nearestTask.ts';
import { useCommandContext } from './useCommandContext.ts';

/** Typing in a field or editor, or anywhere in a dialog (the canvas behind it stays as it is). */
function isEditable(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return (
    target.isContentEditable ||
    target.closest('input, textarea, select, [contenteditable="true"], .cm-editor, dialog') !== null
  );
}

/** Nothing focused, or something on the canvas other than its toolbars and controls. */
function canvasHasFocus(target: EventTarget | null): boolean {
  if (target === document.body) return true;
  return (
    target instanceof Element &&
    target.closest('.react-flow') !== null &&
    target.closest('.react-flow__panel') === null
  );
}

/** Ctrl+K anywhere, Ctrl+F on the canvas: opens (or closes) the palette. True when handled. */
function paletteKey(e: KeyboardEvent, mod: boolean): boolean {
  const key = e.key.toLowerCase();
  if (!mod || e.altKey || e.shiftKey || (key !== 'k' && key !== 'f')) return false;
  const ui = useAppStore.getState();
  const open = ui.dialog === 'palette' || ui.dialog === 'connect';
  if (key === 'f' && !open && !canvasHasFocus(e.target)) return false;
  if (ui.dialog !== 'none' && !open) return false;
  ui.setDialog(open ? 'none' : 'palette');
  return true;
}

/** F2 anywhere outside a dialog: the selected task's Name field. */
function renameKey(e: KeyboardEvent): boolean {
  const state = useAppStore.getState();
  if (e.key !== 'F2' || state.dialog !== 'none') return false;
  const name = selectSingleSelected(state);
  if (name !== null) focusTaskName(name);
  return true;
}

/**
 * Arrow keys on the canvas move the selection to the nearest task that way; with Shift they move
 * the selected tasks a grid step (saved, undoable). Listened to in the capture phase, so React
 * Flow does not also move the nodes on its own (on the view only, never saved).
 */
function arrowKeyHandler(reveal: (name: string) => void) {
  return (e: KeyboardEvent): void => {
    const direction = arrowDirection(e.key);
    if (direction === null || e.ctrlKey || e.metaKey || e.altKey) return;
    if (useAppStore.getState().dialog !== 'none' || isEditable(e.target)) return;
    if (!canvasHasFocus(e.target)) return;
    const step = STEP[direction];
    const handled = e.shiftKey
      ? nudgeSelection(step.dx, step.dy)
      : moveSelection(direction, reveal);
    if (!handled) return;
    e.preventDefault();
    e.stopPropagation();
  };
}

/**
 * App-wide shortcuts (see keyboard/shortcuts.ts); ignored while typing in a field or editor, and
 * inside dialogs (a review before a run must not change the workflow it shows).
 */
export function useKeyboardShortcuts(): void {
  const context = useCommandContext();
  const reveal = useRevealTask();
  useEffect(() => {
    const onKeyDown = (e: KeyboardEvent) => {
      const ui = useAppStore.getState();
      if (paletteKey(e, e.ctrlKey || e.metaKey) || renameKey(e)) {
        e.preventDefault();
        return;
      }
      if (e.key === 'Escape') {
        if (ui.dialog !== 'none') ui.setDialog('none');
        else if (!isEditable(e.target)) clearSelection();
        return;
      }
      if (isEditable(e.target) || ui.dialog !== 'none') return;
      const id = commandOfKey(e, hasInAppClipboard());
      if (id === null) return;
      e.preventDefault();
      runCommand(id, context);
    };
    const onArrowKey = arrowKeyHandler(reveal);
    const onPaste = (e: ClipboardEvent) => {
      if (isEditable(e.target) || useAppStore.getState().dialog !== 'none') return;
      const text = e.clipboardData?.getData('text/plain') ?? null;
      if (text) pasteFragmentText(text);
    };
    window.addEventListener('keydown', onArrowKey, { capture: true });
    window.addEventListener('keydown', onKeyDown);
    window.addEventListener('paste', onPaste);
    return () => {
      window.removeEventListener('keydown', onArrowKey, { capture: true });
      window.removeEventListener('keydown', onKeyDown);
      window.removeEventListener('paste', onPaste);
    };
  }, [context, reveal]);
}
