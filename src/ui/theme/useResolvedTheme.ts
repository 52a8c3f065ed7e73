import { useEffect, useSyncExternalStore } from 'react';
import type { ThemePreference } from '../store/uiSlice.ts';

const QUERY = '(prefers-color-scheme: dark)';

function subscribe(onChange: () => void): () => void {
  const media = window.matchMedia(QUERY);
  media.addEventListener('change', onChange);
  return () => media.removeEventListener('change', onChange);
}

const systemIsDark = () => window.matchMedia(QUERY).matches;

/** The theme actually shown: the preference, or the system's when the preference is `system`. */
export function useResolvedTheme(preference: ThemePreference): 'light' | 'dark' {
  const dark = useSyncExternalStore(subscribe, systemIsDark, () => false);
  const resolved = preference === 'system' ? (dark ? 'dark' : 'light') : preference;
  useEffect(() => {
    document.documentElement.dataset.theme = resolved;
  }, [resolved]);
  return resolved;
}
