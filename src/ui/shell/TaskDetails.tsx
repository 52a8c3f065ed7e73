import type { TaskDocument } from '../../engine/index.ts';

/** Read-only facts about one task: what it depends on, its options and code. */
export function TaskDetails({ task }: { task: TaskDocument }) {
  const options: [string, string][] = [
    ['Depends on', task.dependsOn.length ? task.dependsOn.join(', ') : '—'],
    ['Trigger rule', task.triggerRule ?? 'all_success'],
    ['Retries', String(task.retries ?? 0)],
    ['Retry delay', task.retryDelayMs ? `${task.retryDelayMs} ms` : '—'],
    ['Timeout', task.timeoutMs ? `${task.timeoutMs} ms` : '—'],
  ];
  return (
    <section aria-label={`Task ${task.name}`} data-testid="task-details">
      <h2 className="panel__title">{task.name}</h2>
      {task.description && <p className="panel__text">{task.description}</p>}
      <dl className="facts">
        {options.map(([label, value]) => (
          <div key={label}>
            <dt>{label}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
      <h3 className="panel__subtitle">Code</h3>
      <pre className="code-block">{task.code}</pre>
    </section>
  );
}
