import type { Plugin } from 'vite';
export function bundleSandboxWorker(options?: {
  minify?: boolean;
}): Promise<{ code: string; files: string[] }>;
export function sandboxWorkerSource(): Plugin;
