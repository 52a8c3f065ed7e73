import type { StateCreator } from 'zustand';
import type { AppState } from './appStore.ts';

export type ThemePreference = 'system' | 'light' | 'dark';

/** Appearance and panel state. */
export interface UiSlice {
  theme: ThemePreference;
  setTheme: (theme: ThemePreference) => void;
}

export const createUiSlice: StateCreator<AppState, [], [], UiSlice> = (set) => ({
  theme: 'system',
  setTheme: (theme) => set({ theme }),
});
