// Opens a workflow diagram in the standalone viewer: a new tab in a browser, an offline HTML file in Node.
// Type-only imports of Node modules are erased: the modules themselves load lazily in Node.
import type * as NodeFs from 'node:fs/promises';
import type * as NodeOs from 'node:os';
import type * as NodeModule from 'node:module';
import type * as NodePath from 'node:path';
import type { MermaidExportOptions } from './exportMermaid.ts';
import { encodeMermaidFragment } from './mermaidFragment.ts';
import type { MermaidInput } from './mermaidSource.ts';
import { buildMermaidViewPayload } from './mermaidViewPayload.ts';
import {
  hasDocument,
  importNodeModule,
  isNode,
  safeFileName,
  unsupportedEnvironment,
} from './runtime.ts';
import { buildMermaidViewerHtml } from './viewerHtml.ts';

/** Options of `viewMermaid`: the export options plus where the viewer lives or is written. */
export interface ViewMermaidOptions extends MermaidExportOptions {
  /** Browser: the viewer page, resolved against `document.baseURI`. Default `mermaid-view.html`. */
  viewerUrl?: string;
  /** Node: the HTML file to write. Default: a new file in the OS temp directory. */
  outFile?: string;
  /** Node: mermaid's browser bundle to inline. Default: `mermaid/dist/mermaid.min.js` as resolved from here. */
  mermaidScriptPath?: string;
}

/**
 * Shows the workflow's diagram in the standalone viewer, rendered by the bundled mermaid with
 * `securityLevel: 'strict'` — never a CDN. The viewer receives the workflow (names,
 * dependencies, descriptions, statuses; see `buildMermaidViewPayload`) and generates the Mermaid
 * text itself with `exportMermaid`. Graphs past `MERMAID_RENDER_THRESHOLDS` are shown collapsed
 * by layer, with a notice.
 *
 * - Browser page: opens `mermaid-view.html#z=…` in a new tab (the workflow travels in the URL
 *   fragment, compressed; it is never sent to a server) and resolves to that URL.
 * - Node: writes a self-contained HTML page with mermaid inlined and resolves to its path.
 * @throws FlowWeaverError `E_UNSUPPORTED_ENVIRONMENT` in a worker.
 */
export async function viewMermaid(
  source: MermaidInput,
  options: ViewMermaidOptions = {},
): Promise<string> {
  const { viewerUrl, outFile, mermaidScriptPath, ...exportOptions } = options;
  const payload = buildMermaidViewPayload(source, exportOptions);
  if (hasDocument()) {
    const url = new URL(viewerUrl ?? 'mermaid-view.html', document.baseURI);
    url.hash = await encodeMermaidFragment(payload);
    window.open(url.href, '_blank', 'noopener');
    return url.href;
  }
  if (!isNode()) throw unsupportedEnvironment('viewMermaid');
  const fs = await importNodeModule<typeof NodeFs>('node:fs/promises');
  const path = await importNodeModule<typeof NodePath>('node:path');
  const scriptPath = mermaidScriptPath ?? (await resolveMermaidBundle());
  const html = buildMermaidViewerHtml(payload, await fs.readFile(scriptPath, 'utf8'));
  let file: string;
  if (outFile !== undefined) {
    file = path.resolve(outFile);
  } else {
    const os = await importNodeModule<typeof NodeOs>('node:os');
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'flowweaver-'));
    file = path.join(dir, `${safeFileName(source.name)}.html`);
  }
  await fs.writeFile(file, html, 'utf8');
  return file;
}

async function resolveMermaidBundle(): Promise<string> {
  const { createRequire } = await importNodeModule<typeof NodeModule>('node:module');
  return createRequire(import.meta.url).resolve('mermaid/dist/mermaid.min.js');
}
