import { HistoryTab } from '../inspect/history/HistoryTab.tsx';
import { MetricsPanel } from '../inspect/metrics/MetricsPanel.tsx';
import { Timeline } from '../inspect/timeline/Timeline.tsx';
import '../inspect/shared/inspect.css';
import { useAppStore, type AppState } from '../store/appStore.ts';
import type { BottomTab } from '../store/uiSlice.ts';
import { TasksTable } from './TasksTable.tsx';

const selectBottomTab = (s: AppState) => s.bottomTab;

const TABS: { id: BottomTab; label: string }[] = [
  { id: 'tasks', label: 'Tasks' },
  { id: 'runs', label: 'Runs' },
  { id: 'timeline', label: 'Timeline' },
  { id: 'metrics', label: 'Metrics' },
];

/** The lower area: the tasks table, run history, the run's timeline and its metrics, as tabs. */
export function BottomPanel() {
  const tab = useAppStore(selectBottomTab);
  return (
    <section
      className="panel panel--bottom bottom-panel"
      aria-label="Lower panel"
      data-testid="bottom-panel"
    >
      <div className="tabs tabs--compact" role="tablist" aria-label="Lower panel tabs">
        {TABS.map((t) => (
          <button
            key={t.id}
            type="button"
            role="tab"
            id={`bottom-tab-${t.id}`}
            aria-selected={tab === t.id}
            aria-controls={`bottom-tabpanel-${t.id}`}
            className="tabs__tab"
            onClick={() => useAppStore.getState().setBottomTab(t.id)}
          >
            {t.label}
          </button>
        ))}
      </div>
      <div
        className="bottom-panel__body"
        role="tabpanel"
        id={`bottom-tabpanel-${tab}`}
        aria-labelledby={`bottom-tab-${tab}`}
        // A scrolling panel keyboard users must be able to reach (and scroll) with Tab.
        tabIndex={0}
        data-testid={`bottom-tabpanel-${tab}`}
      >
        {tab === 'tasks' && <TasksTable />}
        {tab === 'runs' && <HistoryTab />}
        {tab === 'timeline' && <Timeline />}
        {tab === 'metrics' && <MetricsPanel />}
      </div>
    </section>
  );
}
