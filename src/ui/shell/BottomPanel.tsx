import { useAppStore } from '../store/appStore.ts';
import { selectDocument } from '../store/selectors.ts';

/** The lower area: the workflow's tasks as a table (runs, logs and timeline join it later). */
export function BottomPanel() {
  const doc = useAppStore(selectDocument);
  return (
    <section className="panel panel--bottom" aria-label="Tasks table" data-testid="bottom-panel">
      <table className="task-table">
        <thead>
          <tr>
            <th scope="col">Task</th>
            <th scope="col">Depends on</th>
            <th scope="col">Trigger rule</th>
            <th scope="col">Retries</th>
            <th scope="col">Timeout</th>
          </tr>
        </thead>
        <tbody>
          {doc.tasks.map((t) => (
            <tr key={t.name}>
              <td>{t.name}</td>
              <td>{t.dependsOn.join(', ') || '—'}</td>
              <td>{t.triggerRule ?? 'all_success'}</td>
              <td>{t.retries ?? 0}</td>
              <td>{t.timeoutMs ? `${t.timeoutMs} ms` : '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
