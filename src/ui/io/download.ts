// Every file the app saves goes through here: one way to name it, one way to save it.

/**
 * The file name of a download made from a workflow: its name with every run of characters other
 * than letters, digits, `_` and `-` (any script) turned into one `-`, then `.extension`.
 * "Numbers demo" → `Numbers-demo.svg`, `Numbers-demo.flowweaver.json`, `Numbers-demo.mmd`.
 */
export function downloadFileName(workflowName: string, extension: string): string {
  const base =
    workflowName
      .trim()
      .replace(/[^\p{L}\p{N}_-]+/gu, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 120) || 'workflow';
  return `${base}.${extension}`;
}

/** Saves a blob or a data URL as a file through a temporary link (no server, no network). */
export function downloadBlob(data: Blob | string, fileName: string): void {
  const url = typeof data === 'string' ? data : URL.createObjectURL(data);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.rel = 'noopener';
  document.body.append(a);
  a.click();
  a.remove();
  if (typeof data !== 'string') setTimeout(() => URL.revokeObjectURL(url), 1000);
}
