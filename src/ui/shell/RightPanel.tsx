import { useProblemCount, ChecklistPanel } from '../checklist/ChecklistPanel.tsx';
import { RunDrawer } from '../inspect/drawer/RunDrawer.tsx';
import { useRunTabOnSelect } from '../inspect/drawer/useRunTabOnSelect.ts';
import { InspectorPanel } from '../inspector/InspectorPanel.tsx';
import { MermaidPanel } from '../mermaid/MermaidPanel.tsx';
import { useAppStore, type AppState } from '../store/appStore.ts';
import type { RightTab } from '../store/uiSlice.ts';

const selectTab = (s: AppState) => s.rightTab;

/** The right-hand area: inspector, Mermaid view, checklist and the shown run's task details. */
export function RightPanel({ theme }: { theme: 'light' | 'dark' }) {
  const tab = useAppStore(selectTab);
  const problems = useProblemCount();
  useRunTabOnSelect();
  const tabs: { id: RightTab; label: string }[] = [
    { id: 'inspector', label: 'Inspector' },
    { id: 'mermaid', label: 'Mermaid' },
    { id: 'checklist', label: problems > 0 ? `Checklist (${problems})` : 'Checklist' },
    { id: 'run', label: 'Run' },
  ];
  return (
    <aside className="panel panel--right" aria-label="Side panel" data-testid="right-panel">
      <div className="tabs" role="tablist" aria-label="Side panel tabs">
        {tabs.map((t) => (
          <button
            key={t.id}
            type="button"
            role="tab"
            id={`tab-${t.id}`}
            aria-selected={tab === t.id}
            aria-controls={`tabpanel-${t.id}`}
            className="tabs__tab"
            onClick={() => useAppStore.getState().setRightTab(t.id)}
          >
            {t.label}
          </button>
        ))}
      </div>
      <div
        className="tabs__panel"
        role="tabpanel"
        id={`tabpanel-${tab}`}
        aria-labelledby={`tab-${tab}`}
      >
        {tab === 'inspector' && <InspectorPanel />}
        {tab === 'mermaid' && <MermaidPanel theme={theme} />}
        {tab === 'checklist' && <ChecklistPanel />}
        {tab === 'run' && <RunDrawer />}
      </div>
    </aside>
  );
}
