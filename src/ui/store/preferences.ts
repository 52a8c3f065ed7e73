// The preferences of this browser that belong to no workflow: the theme and the tab open in the
// side panel and in the bottom panel. Kept in localStorage, read once when the store is made; a
// value this version does not know (a later version's, an edit by hand) falls back to the default.
// The layout direction belongs to a workflow and is saved with it (persistence/workflowCommands).
import type { BottomTab, RightTab, ThemePreference } from './uiSlice.ts';

export interface Preferences {
  theme: ThemePreference;
  rightTab: RightTab;
  bottomTab: BottomTab;
}

const KEYS: { readonly [K in keyof Preferences]: string } = {
  theme: 'flowweaver.theme',
  rightTab: 'flowweaver.rightTab',
  bottomTab: 'flowweaver.bottomTab',
};

const ALLOWED: { readonly [K in keyof Preferences]: readonly Preferences[K][] } = {
  theme: ['system', 'light', 'dark'],
  rightTab: ['inspector', 'mermaid', 'checklist', 'run'],
  bottomTab: ['tasks', 'runs', 'timeline', 'metrics'],
};

export const DEFAULT_PREFERENCES: Readonly<Preferences> = {
  theme: 'system',
  rightTab: 'inspector',
  bottomTab: 'tasks',
};

function readOne<K extends keyof Preferences>(key: K): Preferences[K] {
  try {
    const value = localStorage.getItem(KEYS[key]);
    const known = ALLOWED[key].find((allowed) => allowed === value);
    return known ?? DEFAULT_PREFERENCES[key];
  } catch {
    return DEFAULT_PREFERENCES[key]; // No storage (private mode, a test in Node): the defaults.
  }
}

/** The stored preferences, each one that is missing or unknown at its default. */
export function readPreferences(): Preferences {
  return {
    theme: readOne('theme'),
    rightTab: readOne('rightTab'),
    bottomTab: readOne('bottomTab'),
  };
}

interface PreferenceStore {
  getState(): Preferences;
  subscribe(listener: (state: Preferences, prev: Preferences) => void): () => void;
}

/** Writes each preference to localStorage when it changes in `store`. */
export function keepPreferences(store: PreferenceStore): () => void {
  return store.subscribe((state, prev) => {
    for (const key of Object.keys(KEYS) as (keyof Preferences)[]) {
      if (state[key] === prev[key]) continue;
      try {
        localStorage.setItem(KEYS[key], state[key]);
      } catch {
        // Quota or private mode: the preference lasts until the page is closed.
      }
    }
  });
}
