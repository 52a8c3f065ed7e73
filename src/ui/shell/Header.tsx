import { useAppStore } from '../store/appStore.ts';
import { selectTheme, selectWorkflowName } from '../store/selectors.ts';
import type { ThemePreference } from '../store/uiSlice.ts';

const THEMES: { value: ThemePreference; label: string }[] = [
  { value: 'system', label: 'System' },
  { value: 'light', label: 'Light' },
  { value: 'dark', label: 'Dark' },
];

/** Product name, the open workflow's name, and app-wide toggles. */
export function Header() {
  const name = useAppStore(selectWorkflowName);
  const theme = useAppStore(selectTheme);
  return (
    <header className="app-header">
      <div className="app-header__brand">
        <img src="/favicon.svg" alt="" width={22} height={22} />
        <span>FlowWeaver</span>
      </div>
      <div className="app-header__workflow" data-testid="workflow-name" title={name}>
        {name}
      </div>
      <div className="app-header__actions">
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
      </div>
    </header>
  );
}
