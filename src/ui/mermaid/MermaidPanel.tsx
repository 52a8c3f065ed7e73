import './mermaidPanel.css';
import { useLayoutEffect, useMemo, useRef, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import {
  describeMapSummary,
  emptyRecord,
  exportMermaid,
  viewMermaid,
  type TaskRunState,
  type TaskStatus,
} from '../../engine/index.ts';
import { useAppStore, type AppState } from '../store/appStore.ts';
import { selectShownRun, taskStatusIn } from '../store/runSlice.ts';
import { selectDocument } from '../store/selectors.ts';
import { MermaidToolbar } from './MermaidToolbar.tsx';
import { useLiveRecolour } from './useLiveRecolour.ts';
import { useMermaidDiagram } from './useMermaidDiagram.ts';

/** Each task's status in the shown run, in document order (`pending` when none is shown). */
const selectStatusList = (s: AppState) => {
  const run = selectShownRun(s);
  return s.document.tasks.map((t) => taskStatusIn(run, t.name));
};

/** The shown run's states of mapped tasks, in document order (`undefined` for the others). */
const selectMappedStates = (s: AppState): (TaskRunState | undefined)[] => {
  const run = selectShownRun(s);
  return s.document.tasks.map((t) =>
    t.mapOver !== undefined && run?.tasks[t.name]?.map ? run.tasks[t.name] : undefined,
  );
};

/** The workflow as a live Mermaid diagram: laid out on structure changes, recoloured in place during runs. */
export function MermaidPanel({ theme }: { theme: 'light' | 'dark' }) {
  const doc = useAppStore(selectDocument);
  const statusList = useAppStore(useShallow(selectStatusList));
  const statuses = useMemo(() => {
    const record = emptyRecord<TaskStatus>();
    doc.tasks.forEach((t, i) => (record[t.name] = statusList[i] ?? 'pending'));
    return record;
  }, [doc.tasks, statusList]);
  const mappedList = useAppStore(useShallow(selectMappedStates));
  // A mapped task's label with its counts, as exportMermaid writes it (`load ×3: 3 done`, `load
  // ×0` over an empty array), set in place on the rendered diagram as the counts change.
  const labels = useMemo(() => {
    const record = emptyRecord<string>();
    doc.tasks.forEach((t, i) => {
      const map = mappedList[i]?.map;
      if (!map) return;
      const total = map.total.toLocaleString('en-US');
      record[t.name] =
        map.total === 0 ? `${t.name} ×0` : `${t.name} ×${total}: ${describeMapSummary(map)}`;
    });
    return record;
  }, [doc.tasks, mappedList]);
  // What the downloads colour by: statuses, and mapped tasks' states (their counts label them).
  const exported = useMemo(() => {
    const record = emptyRecord<TaskStatus | TaskRunState>();
    doc.tasks.forEach((t, i) => (record[t.name] = mappedList[i] ?? statuses[t.name]!));
    return record;
  }, [doc.tasks, mappedList, statuses]);
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
