// The last run of each workflow, remembered in localStorage so a reload can find it again.
const keyOf = (workflowId: string) => `flowweaver.run.${workflowId}`;

/** The id of the last run started for `workflowId` in this browser, if any. */
export function readLastRunId(workflowId: string): string | null {
  try {
    return localStorage.getItem(keyOf(workflowId));
  } catch {
    return null;
  }
}

export function rememberRun(workflowId: string, runId: string): void {
  try {
    localStorage.setItem(keyOf(workflowId), runId);
  } catch {
    // Private mode: a reload then starts without the run; the run itself is unaffected.
  }
}

export function forgetRun(workflowId: string, runId: string): void {
  try {
    if (localStorage.getItem(keyOf(workflowId)) === runId)
      localStorage.removeItem(keyOf(workflowId));
  } catch {
    // Nothing stored, nothing to forget.
  }
}
