// The theme's colours as the page has them now, for what is drawn outside CSS (a canvas, an SVG
// file): read from the custom properties in force, so light and dark match the DOM.

export interface ThemeColors {
  background: string;
  surface: string;
  border: string;
  text: string;
  muted: string;
  edge: string;
  accent: string;
}

/** The theme's colours now (fallbacks: the light theme's). */
export function themeColors(): ThemeColors {
  const style = getComputedStyle(window.document.documentElement);
  const read = (name: string, fallback: string) => style.getPropertyValue(name).trim() || fallback;
  return {
    background: read('--bg', '#ffffff'),
    surface: read('--surface', '#ffffff'),
    border: read('--border', '#d9dde3'),
    text: read('--text', '#1d2330'),
    muted: read('--text-muted', '#5b6475'),
    edge: read('--edge-stroke', '#747d8f'),
    accent: read('--accent', '#1f6feb'),
  };
}
