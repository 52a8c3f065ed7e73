import { useVirtualizer } from '@tanstack/react-virtual';
import { useRef } from 'react';
import type { TaskDocument } from '../../engine/index.ts';
import { useAppStore, type AppState } from '../store/appStore.ts';

const selectTasks = (s: AppState) => s.document.tasks;
const ROW_HEIGHT = 31;

/** How a task decides what runs after it: a branch picks downstream tasks, a short-circuit may skip them all. */
function branchingOf(t: TaskDocument): string {
  return t.branch ? 'branch' : t.shortCircuit ? 'short-circuit' : '—';
}

/**
 * The workflow's tasks as a table. Rows are virtualised (only those in view are in the DOM), so
 * a 5,000-task workflow costs the same to show as a small one.
 */
export function TasksTable() {
  const tasks = useAppStore(selectTasks);
  const table = useRef<HTMLTableElement>(null);
  // eslint-disable-next-line react-hooks/incompatible-library -- TanStack Virtual returns fresh functions by design
  const rows = useVirtualizer({
    count: tasks.length,
    // The panel body around the table scrolls.
    getScrollElement: () => table.current?.parentElement ?? null,
    estimateSize: () => ROW_HEIGHT,
    overscan: 10,
  });
  const items = rows.getVirtualItems();
  const before = items[0]?.start ?? 0;
  const after = rows.getTotalSize() - (items.at(-1)?.end ?? 0);
  return (
    <table ref={table} className="task-table" aria-label="Tasks table" aria-rowcount={tasks.length}>
      <thead>
        <tr>
          <th scope="col">Task</th>
          <th scope="col">Depends on</th>
          <th scope="col">Trigger rule</th>
          <th scope="col">Retries</th>
          <th scope="col">Timeout</th>
          <th scope="col">Map over</th>
          <th scope="col">Branching</th>
          <th scope="col">Secrets</th>
        </tr>
      </thead>
      <tbody>
        {before > 0 && <tr aria-hidden style={{ height: before }} />}
        {items.map((item) => {
          const t = tasks[item.index]!;
          return (
            <tr key={t.name} data-index={item.index} ref={rows.measureElement}>
              <td>{t.name}</td>
              <td>{t.dependsOn.join(', ') || '—'}</td>
              <td>{t.triggerRule ?? 'all_success'}</td>
              <td>{t.retries ?? 0}</td>
              <td>{t.timeoutMs ? `${t.timeoutMs} ms` : '—'}</td>
              <td>{t.mapOver ?? '—'}</td>
              <td>{branchingOf(t)}</td>
              <td>{t.secrets?.join(', ') || '—'}</td>
            </tr>
          );
        })}
        {after > 0 && <tr aria-hidden style={{ height: after }} />}
      </tbody>
    </table>
  );
}
