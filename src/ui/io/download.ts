/** Saves a blob or data URL through a temporary link. */
export function downloadBlob(data: Blob | string, fileName: string): void {
  const url = typeof data === 'string' ? data : URL.createObjectURL(data);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.click();
  if (typeof data !== 'string') setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** A file name from a workflow name: letters, digits, dashes and underscores only. */
export function fileSafeName(name: string): string {
  return name.replace(/[^\w-]+/g, '_').replace(/^_+|_+$/g, '') || 'workflow';
}
