// The parameter values each workflow last ran with in this browser (localStorage), to pre-fill the
// run form. Values only, by workflow id; the run records keep their own copy in IndexedDB.
const KEY = 'flowweaver.runParams';

function readAll(): Record<string, Record<string, unknown>> {
  try {
    const raw: unknown = JSON.parse(globalThis.localStorage?.getItem(KEY) ?? '{}');
    return typeof raw === 'object' && raw !== null && !Array.isArray(raw)
      ? (raw as Record<string, Record<string, unknown>>)
      : {};
  } catch {
    return {};
  }
}

/** The values `workflowId` last ran with here, or undefined. */
export function lastParamsOf(workflowId: string): Record<string, unknown> | undefined {
  const entry = readAll()[workflowId];
  return typeof entry === 'object' && entry !== null && !Array.isArray(entry) ? entry : undefined;
}

/** Remembers the values a run of `workflowId` started with. */
export function rememberParams(workflowId: string, values: Record<string, unknown>): void {
  try {
    globalThis.localStorage?.setItem(KEY, JSON.stringify({ ...readAll(), [workflowId]: values }));
  } catch {
    // Storage full or refused: the next form starts from the defaults.
  }
}
