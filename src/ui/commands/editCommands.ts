// Canvas edits as commands: components and shortcuts call these, never the document ops directly.
import type { CanvasPosition, WorkflowDocument } from '../../engine/index.ts';
import { ESTIMATED_SIZE, type TaskNode } from '../canvas/documentToFlow.ts';
import {
  copyTasks,
  parseFragment,
  pasteFragment,
  type TaskFragment,
} from '../clipboard/clipboard.ts';
import {
  addDependency,
  addTask,
  removeDependencies,
  removeTasks,
  renameTask as renameInDoc,
  setPositions,
  taskNames,
  uniqueName,
  updateTask as updateInDoc,
  type TaskPatch,
} from '../document/docOps.ts';
import { findFreeSpot, type Rect } from '../layout/freeSpot.ts';
import { undoWorkflowAction } from '../persistence/workflowCommands.ts';
import { useAppStore } from '../store/appStore.ts';
import { refuseWhileReadOnly } from '../store/flowSlice.ts';
import { breakCoalescing } from '../store/history.ts';
import { cycleMessage } from './cycleMessage.ts';
import { selectedNames } from './selectionCommands.ts';

const PASTE_STEP = 40;
let clipboard: TaskFragment | null = null;
let pasteCount = 0;

/**
 * Adds a task at the free spot nearest a canvas position (never on another task) and selects it;
 * returns its name.
 */
export function addTaskAt(position: CanvasPosition, within?: Rect, downstreamOf?: string): string {
  const { document: doc, commit, nodes } = useAppStore.getState();
  const name = uniqueName(taskNames(doc));
  const spot = findFreeSpot(nodes.map(nodeRect), position, ESTIMATED_SIZE, within && { within });
  const added = addTask(doc, spot, name);
  commit(downstreamOf === undefined ? added : addDependency(added, downstreamOf, name), {
    select: [name],
  });
  return name;
}

/** Space between a selected task and the one added beside it (a layer's worth). */
const BESIDE = 64;

/**
 * Adds a task near the selection — after it in the layout direction (below for top-down, to the
 * right for left-right) — or, with nothing selected, around the middle of `view` (the visible
 * canvas, in canvas coordinates). Always on free space, inside the view when there is room. With
 * `downstreamOf`, the new task depends on that task (one history entry).
 */
export function addTaskNear(view: Rect, downstreamOf?: string): string {
  const { nodes, layoutDirection } = useAppStore.getState();
  const selected = nodes.filter((n) => n.selected).map(nodeRect);
  if (selected.length === 0) {
    return addTaskAt(
      {
        x: snap(view.x + (view.width - ESTIMATED_SIZE.width) / 2),
        y: snap(view.y + (view.height - ESTIMATED_SIZE.height) / 2),
      },
      view,
      downstreamOf,
    );
  }
  const left = Math.min(...selected.map((r) => r.x));
  const top = Math.min(...selected.map((r) => r.y));
  const right = Math.max(...selected.map((r) => r.x + r.width));
  const bottom = Math.max(...selected.map((r) => r.y + r.height));
  return addTaskAt(
    layoutDirection === 'LR'
      ? { x: snap(right + BESIDE), y: snap(top) }
      : { x: snap(left), y: snap(bottom + BESIDE) },
    view,
    downstreamOf,
  );
}

/** The canvas grid (FlowCanvas snaps drags to it). */
const GRID = 16;
const snap = (v: number) => Math.round(v / GRID) * GRID;

/** The rectangle a node covers on the canvas: measured, else as React Flow will first draw it. */
export function nodeRect(n: TaskNode): Rect {
  return {
    x: n.position.x,
    y: n.position.y,
    width: n.measured?.width ?? n.width ?? n.initialWidth ?? ESTIMATED_SIZE.width,
    height: n.measured?.height ?? n.height ?? n.initialHeight ?? ESTIMATED_SIZE.height,
  };
}

/** Draws `upstream → downstream` unless it would close a loop; then says which. */
export function connect(upstream: string, downstream: string): boolean {
  const { document: doc, commit, showToast } = useAppStore.getState();
  const loop = cycleMessage(doc, upstream, downstream);
  if (loop) {
    // One at a time: a newer refusal replaces the older one.
    showToast({ kind: 'error', message: loop, subject: 'edit:connect' });
    return false;
  }
  commit(addDependency(doc, upstream, downstream));
  return true;
}

/**
 * Adds a task at `position` already joined to `from`: downstream of it when the line was drawn
 * from its output, upstream when drawn from its input. One history entry; the new task is
 * selected. Returns its name.
 */
export function addConnectedTask(
  from: string,
  side: 'downstream' | 'upstream',
  position: CanvasPosition,
): string {
  const { document: doc, commit } = useAppStore.getState();
  const name = uniqueName(taskNames(doc));
  const added = addTask(doc, position, name);
  const next =
    side === 'downstream' ? addDependency(added, from, name) : addDependency(added, name, from);
  commit(next, { select: [name] });
  return name;
}

/** Removes the dependency `upstream → downstream` (one edge) as one history entry. */
export function disconnect(upstream: string, downstream: string): void {
  const { document: doc, commit } = useAppStore.getState();
  commit(removeDependencies(doc, [[upstream, downstream]]), { select: [] });
}

/** Deletes selected tasks and selected edges in one history entry. */
export function deleteSelection(): void {
  const { document: doc, edges, commit } = useAppStore.getState();
  const names = selectedNames();
  const pairs = edges
    .filter((e) => e.selected && !names.has(e.source) && !names.has(e.target))
    .map((e) => [e.source, e.target] as const);
  commit(removeTasks(removeDependencies(doc, pairs), names), { select: [] });
}

/**
 * Moves the selected tasks by (dx, dy) grid steps (the arrow keys with Shift); a burst of presses
 * is one history entry. False when nothing is selected.
 */
export function nudgeSelection(dx: number, dy: number): boolean {
  const { document: doc, commit, nodes } = useAppStore.getState();
  const moved = new Map(
    nodes
      .filter((n) => n.selected)
      .map((n) => [n.id, { x: n.position.x + dx * GRID, y: n.position.y + dy * GRID }]),
  );
  if (moved.size === 0) return false;
  commit(setPositions(doc, moved), { coalesce: 'nudge' });
  return true;
}

/** Commits the final positions of a drag: one history entry per drag. */
export function commitMove(moved: readonly TaskNode[]): void {
  const { document: doc, commit } = useAppStore.getState();
  commit(setPositions(doc, new Map(moved.map((n) => [n.id, n.position]))));
}

export function updateTask(name: string, patch: TaskPatch, field?: string): void {
  const { document: doc, commit } = useAppStore.getState();
  commit(updateInDoc(doc, name, patch), field ? { coalesce: `${name}:${field}` } : {});
}

export function renameTask(from: string, to: string): void {
  const { document: doc, commit } = useAppStore.getState();
  commit(renameInDoc(doc, from, to), {
    renames: new Map([[from, to]]),
    select: [to],
    coalesce: 'rename',
  });
}

export function updateWorkflow(patch: {
  name?: string;
  description?: string;
  timeoutMs?: number | undefined;
}): void {
  const { document: doc, commit } = useAppStore.getState();
  const { timeoutMs, ...text } = patch;
  const next: WorkflowDocument = { ...doc, ...text };
  if (patch.description === '') delete next.description;
  if (timeoutMs !== undefined) next.timeoutMs = timeoutMs;
  else if ('timeoutMs' in patch) delete next.timeoutMs;
  commit(next, { coalesce: `workflow:${Object.keys(patch).join()}` });
}

async function writeClipboard(fragment: TaskFragment): Promise<void> {
  clipboard = fragment;
  pasteCount = 0;
  try {
    await navigator.clipboard?.writeText(JSON.stringify(fragment));
  } catch {
    // The in-app clipboard still works when the system one is refused.
  }
}

export async function copySelection(): Promise<number> {
  const fragment = copyTasks(useAppStore.getState().document, selectedNames());
  if (fragment.tasks.length > 0) await writeClipboard(fragment);
  return fragment.tasks.length;
}

export async function cutSelection(): Promise<void> {
  if ((await copySelection()) > 0) deleteSelection();
}

/** Pastes the clipboard (system text if it holds a fragment, else the in-app copy). */
export function pasteFragmentText(text: string | null): void {
  const fragment = (text !== null ? parseFragment(text) : null) ?? clipboard;
  if (!fragment || fragment.tasks.length === 0) return;
  pasteCount += 1;
  const { document: doc, commit } = useAppStore.getState();
  const offset = { x: PASTE_STEP * pasteCount, y: PASTE_STEP * pasteCount };
  const { doc: next, pasted } = pasteFragment(doc, fragment, offset);
  commit(next, { select: pasted });
}

/** Copy and paste in one step, without touching the clipboard. */
export function duplicateSelection(): void {
  const { document: doc, commit } = useAppStore.getState();
  const fragment = copyTasks(doc, selectedNames());
  if (fragment.tasks.length === 0) return;
  const { doc: next, pasted } = pasteFragment(doc, fragment, { x: PASTE_STEP, y: PASTE_STEP });
  commit(next, { select: pasted });
}

/**
 * Undoes the canvas's last edit; when the canvas has nothing of its own to undo (a workflow just
 * opened, or after a reload), the last workflow delete or import instead.
 */
export function undo(): void {
  if (refuseWhileReadOnly(useAppStore.getState())) return;
  breakCoalescing();
  const temporal = useAppStore.temporal.getState();
  if (temporal.pastStates.length > 0) temporal.undo();
  else void undoWorkflowAction();
}

export function redo(): void {
  if (refuseWhileReadOnly(useAppStore.getState())) return;
  breakCoalescing();
  useAppStore.temporal.getState().redo();
}

export function hasInAppClipboard(): boolean {
  return clipboard !== null && clipboard.tasks.length > 0;
}
