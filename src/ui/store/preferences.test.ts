import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createStore } from 'zustand/vanilla';
import {
  DEFAULT_PREFERENCES,
  keepPreferences,
  readPreferences,
  type Preferences,
} from './preferences.ts';

const stored = new Map<string, string>();

beforeEach(() => {
  stored.clear();
  globalThis.localStorage = {
    getItem: (key: string) => stored.get(key) ?? null,
    setItem: (key: string, value: string) => void stored.set(key, value),
  } as Storage;
});

afterEach(() => {
  delete (globalThis as { localStorage?: Storage }).localStorage;
});

describe('preferences', () => {
  it('reads what was kept, and the default for what is missing or unknown', () => {
    expect(readPreferences()).toEqual(DEFAULT_PREFERENCES);
    stored.set('flowweaver.theme', 'dark');
    stored.set('flowweaver.rightTab', 'mermaid');
    stored.set('flowweaver.bottomTab', 'gantt'); // not a tab (a later version's, an edit by hand)
    expect(readPreferences()).toEqual({ theme: 'dark', rightTab: 'mermaid', bottomTab: 'tasks' });
  });

  it('keeps each preference when it changes, and reads it back', () => {
    const store = createStore<Preferences>(() => ({ ...DEFAULT_PREFERENCES }));
    const stop = keepPreferences(store);
    store.setState({ theme: 'light', bottomTab: 'metrics' });
    expect(readPreferences()).toEqual({
      theme: 'light',
      rightTab: 'inspector',
      bottomTab: 'metrics',
    });
    stop();
    store.setState({ theme: 'dark' });
    expect(readPreferences().theme).toBe('light');
  });

  it('falls back to the defaults without storage', () => {
    delete (globalThis as { localStorage?: Storage }).localStorage;
    expect(readPreferences()).toEqual(DEFAULT_PREFERENCES);
  });
});
