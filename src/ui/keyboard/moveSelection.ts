// Arrow keys on the canvas: the selection moves to the nearest task in that direction.
import { nodeRect } from '../commands/editCommands.ts';
import { useAppStore } from '../store/appStore.ts';
import { firstTask, nearestTask, type ArrowDirection, type Box } from './nearestTask.ts';

/**
 * Selects the task nearest the selected one in `direction` (with nothing selected, the top-left
 * task) and hands it to `reveal` (into view, focused). False when there is no task at all.
 */
export function moveSelection(direction: ArrowDirection, reveal: (name: string) => void): boolean {
  const { nodes, setSelection } = useAppStore.getState();
  if (nodes.length === 0) return false;
  const boxes: Box[] = nodes.map((n) => ({ name: n.id, ...nodeRect(n) }));
  const selected = nodes.filter((n) => n.selected);
  const from = selected.length > 0 ? boxes.find((b) => b.name === selected[0]!.id) : undefined;
  const next = from ? nearestTask(from, boxes, direction) : firstTask(boxes);
  if (next === null) return from !== undefined;
  setSelection(new Set([next]));
  reveal(next);
  return true;
}
