import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import '@xyflow/react/dist/style.css';
import './ui/app.css';
import { App } from './ui/App.tsx';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);

// Benchmark hook (bench/runUi.bench.ts): only a `vite build --mode bench` exposes the engine-only
// runner as `window.__fwBench`. Vite replaces MODE with a string literal, so every other build
// folds this to `if (false)` and drops the import and its chunk.
if (import.meta.env.MODE === 'bench') {
  void import('../bench/pages/engineOnly.ts').then(({ fwBench }) => {
    (window as { __fwBench?: unknown }).__fwBench = fwBench;
  });
}
