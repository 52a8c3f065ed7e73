import type { FitViewOptions } from '@xyflow/react';

/** How "fit view" frames the graph: clear of the toolbar above and the controls below, never zoomed past 1. */
export const FIT_OPTIONS = {
  padding: { top: '72px', bottom: '48px', left: '56px', right: '40px' },
  maxZoom: 1,
} satisfies FitViewOptions;
