// Vite plugin: `import source from 'virtual:sandbox-task-worker'` gives the sandboxed task worker
// (src/engine/worker/sandboxTaskRunner.worker.ts) bundled as ONE classic script, as a string. The sandbox
// page has an opaque origin: it can only start workers from blob URLs it makes itself, and Chromium
// refuses module workers there, so the page hands it this text. Built with Vite's own `build`, in
// dev and production alike.
import { fileURLToPath } from 'node:url';
import { build } from 'vite';

const ID = 'virtual:sandbox-task-worker';
const RESOLVED = '\0' + ID;
const ENTRY = fileURLToPath(
  new URL('../src/engine/worker/sandboxTaskRunner.worker.ts', import.meta.url),
);

/** Bundles the sandboxed task worker into a self-contained IIFE. */
export async function bundleSandboxWorker({ minify = true } = {}) {
  const output = await build({
    configFile: false,
    logLevel: 'warn',
    build: {
      write: false,
      target: 'es2022',
      minify,
      sourcemap: false,
      copyPublicDir: false,
      lib: { entry: ENTRY, formats: ['iife'], name: 'FlowWeaverTaskWorker', fileName: 'worker' },
    },
  });
  const results = Array.isArray(output) ? output : [output];
  const chunks = results
    .flatMap((r) => ('output' in r ? r.output : []))
    .filter((o) => o.type === 'chunk');
  if (chunks.length !== 1)
    throw new Error(`sandbox worker: expected one chunk, got ${chunks.length}`);
  return {
    code: chunks[0].code,
    files: chunks[0].moduleIds ?? Object.keys(chunks[0].modules ?? {}),
  };
}

/** The plugin. */
export function sandboxWorkerSource() {
  return {
    name: 'flowweaver-sandbox-worker-source',
    resolveId(id) {
      return id === ID ? RESOLVED : undefined;
    },
    async load(id) {
      if (id !== RESOLVED) return undefined;
      const { code, files } = await bundleSandboxWorker();
      for (const file of files) if (!file.startsWith('\0')) this.addWatchFile(file);
      return `export default ${JSON.stringify(code)};`;
    },
  };
}
