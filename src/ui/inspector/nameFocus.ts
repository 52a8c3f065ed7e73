// A task just made by dropping a connection on the canvas: its name field takes the focus, and
// Escape there removes the task again while nothing else has changed since.
import type { WorkflowDocument } from '../../engine/index.ts';
import { undo } from '../commands/editCommands.ts';
import { useAppStore } from '../store/appStore.ts';

let focusName: string | null = null;
let fresh: { name: string; doc: WorkflowDocument } | null = null;

/** Asks the Inspector to focus the name field of `name` (the task the last commit added). */
export function focusNewTaskName(name: string): void {
  focusName = name;
  fresh = { name, doc: useAppStore.getState().document };
  useAppStore.getState().setRightTab('inspector');
}

/** True once for the name field asked to take the focus. */
export function takeNameFocus(name: string): boolean {
  if (focusName !== name) return false;
  focusName = null;
  return true;
}

/**
 * Escape in the name field of a task just added by a drop: undoes the addition (and its edge)
 * when the document is still as it was made; otherwise leaves everything as it is.
 */
export function dismissNewTask(name: string): boolean {
  const made = fresh;
  fresh = null;
  if (!made || made.name !== name || useAppStore.getState().document !== made.doc) return false;
  undo();
  return true;
}

/**
 * Shows the Inspector and puts the focus in the Name field of `name` (F2, "Rename selected task"),
 * its text selected, once the field shows that task.
 */
export function focusTaskName(name: string): void {
  useAppStore.getState().setRightTab('inspector');
  let frames = 0;
  const attempt = () => {
    const input = document.getElementById(TASK_NAME_INPUT);
    if (input instanceof HTMLInputElement && input.value === name) {
      input.focus();
      input.select();
    } else if (++frames < 30) requestAnimationFrame(attempt);
  };
  attempt();
}

/** The id of the Inspector's task Name input. */
export const TASK_NAME_INPUT = 'task-name';
