import './mermaidPanel.css';
import { useLayoutEffect, useMemo, useRef, useState } from 'react';
import {
  describeMapSummary,
  emptyRecord,
  exportMermaid,
  viewMermaid,
  type TaskRunState,
  type TaskStatus,
} from '../../engine/index.ts';
import { useAppStore, type AppState } from '../store/appStore.ts';
import { selectShownRun } from '../store/runSlice.ts';
import { selectDocument } from '../store/selectors.ts';
import { MermaidToolbar } from './MermaidToolbar.tsx';
import { useLiveRecolour } from './useLiveRecolour.ts';
import { useMermaidDiagram } from './useMermaidDiagram.ts';

/**
 * The shown run's task states (`undefined` when no run is shown). A reference the run slice
 * replaces only when a batch of events changes it: other store updates (a toast, a selection)
 * neither re-render the panel nor walk the workflow's tasks, which on a big graph cost more than
 * the repaint itself.
 */
const selectShownTasks = (s: AppState) => selectShownRun(s)?.tasks;

/** The workflow as a live Mermaid diagram: laid out on structure changes, recoloured in place during runs. */
export function MermaidPanel({ theme }: { theme: 'light' | 'dark' }) {
  const doc = useAppStore(selectDocument);
  const runTasks = useAppStore(selectShownTasks);
  const statuses = useMemo(() => {
    const record = emptyRecord<TaskStatus>();
    for (const t of doc.tasks) record[t.name] = runTasks?.[t.name]?.status ?? 'pending';
    return record;
  }, [doc.tasks, runTasks]);
  // The shown run's states of mapped tasks (their counts label them).
  const mapped = useMemo(() => {
    const record = emptyRecord<TaskRunState>();
    for (const t of doc.tasks) {
      const state = t.mapOver !== undefined ? runTasks?.[t.name] : undefined;
      if (state?.map) record[t.name] = state;
    }
    return record;
  }, [doc.tasks, runTasks]);
  // A mapped task's label with its counts, as exportMermaid writes it (`load ×3: 3 done`, `load
  // ×0` over an empty array), set in place on the rendered diagram as the counts change.
  const labels = useMemo(() => {
    const record = emptyRecord<string>();
    for (const [name, { map }] of Object.entries(mapped)) {
      if (!map) continue;
      const total = map.total.toLocaleString('en-US');
      record[name] =
        map.total === 0 ? `${name} ×0` : `${name} ×${total}: ${describeMapSummary(map)}`;
    }
    return record;
  }, [mapped]);
  // What the downloads colour by: statuses, and mapped tasks' states (their counts label them).
  const exported = useMemo(() => {
    const record = emptyRecord<TaskStatus | TaskRunState>();
    for (const t of doc.tasks) record[t.name] = mapped[t.name] ?? statuses[t.name]!;
    return record;
  }, [doc.tasks, mapped, statuses]);
  const [orientation, setOrientation] = useState('TD');
  const [fit, setFit] = useState(true);
  const view = useMermaidDiagram(doc, orientation, theme);
  const container = useRef<HTMLDivElement>(null);

  useLayoutEffect(() => {
    // mermaid's output under securityLevel 'strict' is sanitised and labels are escaped text.
    if (container.current) container.current.innerHTML = view.svg ?? '';
  }, [view.svg]);
  useLiveRecolour(container, view.svg, view.target, statuses, labels);

  const exportText = () => exportMermaid(doc, { orientation, statuses: exported });
  return (
    <section className="mermaid-panel" aria-label="Mermaid diagram" data-testid="mermaid-panel">
      <MermaidToolbar
        name={doc.name}
        orientation={orientation}
        onOrientation={setOrientation}
        fit={fit}
        onFit={setFit}
        getText={exportText}
        getSvg={() => container.current?.querySelector('svg') ?? null}
        background={theme === 'dark' ? '#161b23' : '#ffffff'}
        onOpenView={() => void viewMermaid(doc, { orientation, statuses: exported })}
      />
      {view.messages.map((m) => (
        <p key={m} className="notice" role="status">
          {m}
        </p>
      ))}
      {view.state === 'rendering' && (
        <p className="panel__hint" role="status" data-testid="mermaid-placeholder">
          Drawing the diagram of “{doc.name}”…
        </p>
      )}
      {view.state === 'error' && (
        <p className="notice notice--error" role="alert">
          The diagram could not be drawn: {view.error}
        </p>
      )}
      <div
        ref={container}
        className="mermaid-panel__diagram"
        data-testid="mermaid-diagram"
        data-state={view.state}
        data-fit={fit}
        aria-busy={view.state === 'rendering'}
      />
    </section>
  );
}
