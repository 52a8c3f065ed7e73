import { useRef } from 'react';
import { exportImage } from '../io/exportImage.ts';
import { exportJson, importFile } from '../io/importCommands.ts';
import { RunToolbar } from '../run/RunToolbar.tsx';
import { createShareLink } from '../share/shareCommands.ts';
import { useAppStore } from '../store/appStore.ts';
import { NetworkAccess } from '../trust/NetworkAccess.tsx';
import { selectTheme, selectWorkflowName } from '../store/selectors.ts';
import type { ThemePreference } from '../store/uiSlice.ts';

const THEMES: { value: ThemePreference; label: string }[] = [
  { value: 'system', label: 'System' },
  { value: 'light', label: 'Light' },
  { value: 'dark', label: 'Dark' },
];

const open = (dialog: 'workflows' | 'examples' | 'shortcuts') => () =>
  useAppStore.getState().setDialog(dialog);

/** Product name, the open workflow, file actions, app-wide toggles and the run controls. */
export function Header() {
  const name = useAppStore(selectWorkflowName);
  const theme = useAppStore(selectTheme);
  const fileInput = useRef<HTMLInputElement>(null);
  return (
    <header className="app-header">
      <div className="app-header__brand">
        <img src="/favicon.svg" alt="" width={22} height={22} />
        <span>FlowWeaver</span>
      </div>
      <button type="button" onClick={open('workflows')} title="Your saved workflows">
        Workflows
      </button>
      <button type="button" onClick={open('examples')}>
        Examples
      </button>
      <div className="app-header__workflow" data-testid="workflow-name" title={name}>
        {name}
      </div>
      <NetworkAccess />
      <div className="app-header__actions">
        <button
          type="button"
          onClick={() => fileInput.current?.click()}
          title="Import a workflow JSON file (or drop it on the canvas)"
        >
          Import
        </button>
        <input
          ref={fileInput}
          type="file"
          accept=".json,application/json"
          hidden
          aria-label="Workflow file to import"
          data-testid="import-input"
          onChange={(e) => {
            const file = e.target.files?.[0];
            e.target.value = '';
            if (file) void importFile(file);
          }}
        />
        <button type="button" onClick={exportJson}>
          Export JSON
        </button>
        <button type="button" onClick={() => void exportImage('png')}>
          Export PNG
        </button>
        <button type="button" onClick={() => void exportImage('svg')}>
          Export SVG
        </button>
        <button type="button" onClick={() => void createShareLink()}>
          Share link
        </button>
        <label className="field-inline">
          <span>Theme</span>
          <select
            aria-label="Theme"
            value={theme}
            onChange={(e) => useAppStore.getState().setTheme(e.target.value as ThemePreference)}
          >
            {THEMES.map((t) => (
              <option key={t.value} value={t.value}>
                {t.label}
              </option>
            ))}
          </select>
        </label>
        <button
          type="button"
          onClick={open('shortcuts')}
          aria-label="Keyboard shortcuts"
          title="Keyboard shortcuts (?)"
        >
          ?
        </button>
      </div>
      <RunToolbar />
    </header>
  );
}
