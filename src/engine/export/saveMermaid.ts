// Saves Mermaid text: a file in Node, a `.mmd` download in a browser page.
// Type-only imports of Node modules are erased: the modules themselves load lazily in Node.
import type * as NodeFs from 'node:fs/promises';
import type * as NodePath from 'node:path';
import { exportMermaid, type MermaidExportOptions } from './exportMermaid.ts';
import type { MermaidInput } from './mermaidSource.ts';
import {
  hasDocument,
  importNodeModule,
  isNode,
  safeFileName,
  unsupportedEnvironment,
} from './runtime.ts';
import { FlowWeaverError } from '../model/errors.ts';

/**
 * Writes `exportMermaid(source, options)` out. In a browser page it downloads
 * `target ?? "<name>.mmd"` and resolves to that file name; in Node it writes UTF-8 to the
 * `target` path (required) and resolves to the absolute path. Node modules are imported
 * lazily, so a browser bundle never includes them.
 * @throws FlowWeaverError `E_MERMAID_TARGET` in Node without a path; `E_UNSUPPORTED_ENVIRONMENT` in a worker.
 */
export async function saveMermaid(
  source: MermaidInput,
  target?: string,
  options: MermaidExportOptions = {},
): Promise<string> {
  const text = exportMermaid(source, options);
  if (hasDocument()) {
    const fileName = target ?? `${safeFileName(source.name)}.mmd`;
    downloadText(text, fileName, 'text/plain;charset=utf-8');
    return fileName;
  }
  if (!isNode()) throw unsupportedEnvironment('saveMermaid');
  if (target === undefined || target === '') {
    throw new FlowWeaverError('E_MERMAID_TARGET', 'saveMermaid in Node needs a file path');
  }
  const fs = await importNodeModule<typeof NodeFs>('node:fs/promises');
  const path = await importNodeModule<typeof NodePath>('node:path');
  const resolved = path.resolve(target);
  await fs.writeFile(resolved, text, 'utf8');
  return resolved;
}

/** Offers `text` as a file download through a Blob URL and a temporary anchor. */
export function downloadText(text: string, fileName: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const anchor = document.createElement('a');
  anchor.href = url;
  anchor.download = fileName;
  anchor.rel = 'noopener';
  anchor.style.display = 'none';
  document.body.append(anchor);
  try {
    anchor.click();
  } finally {
    anchor.remove();
    // The download has started from the click; revoke on the next task, not synchronously.
    setTimeout(() => URL.revokeObjectURL(url), 0);
  }
}
