/// <reference types="vitest/config" />
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { playwright } from '@vitest/browser-playwright';
import { CHROMIUM_ARGS, findChromium } from './scripts/chromium.mjs';
import { securityHeaders } from './scripts/securityHeaders.mjs';
import { sandboxWorkerSource } from './scripts/sandboxWorkerPlugin.mjs';

const chromiumPath = findChromium() ?? undefined;

export default defineConfig({
  // securityHeaders: the CSP <meta> in built pages and the security headers of `vite preview`.
  plugins: [react(), sandboxWorkerSource(), securityHeaders()],
  worker: { format: 'es' },
  // Pre-bundle the worker's dependencies so the first Web Worker start does not trigger a reload.
  optimizeDeps: { include: ['comlink', 'acorn'] },
  build: {
    // dist/ holds the npm package's build (scripts/build-package.mjs); the app builds beside it.
    outDir: 'dist-app',
    target: 'es2022',
    chunkSizeWarningLimit: 4000,
    // Two pages: the app, and the standalone Mermaid view that viewMermaid() opens.
    rollupOptions: { input: { main: 'index.html', 'mermaid-view': 'mermaid-view.html' } },
  },
  preview: { port: 4173, strictPort: true },
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          environment: 'node',
          include: ['src/**/*.test.ts', 'scripts/**/*.test.ts', 'bench/**/*.test.ts'],
          exclude: ['src/**/*.browser.test.ts'],
        },
      },
      {
        extends: true,
        test: {
          name: 'browser',
          include: ['src/**/*.browser.test.ts'],
          browser: {
            enabled: true,
            headless: true,
            screenshotFailures: false,
            provider: playwright({
              launchOptions: {
                ...(chromiumPath ? { executablePath: chromiumPath } : {}),
                args: CHROMIUM_ARGS,
              },
            }),
            instances: [{ browser: 'chromium' }],
          },
        },
      },
    ],
  },
});
