// Opens a stored run read-only on the canvas (the Runs tab's Open, the Run tab's link to the run
// a retry retried).
import { getAppStateStore } from '../../persistence/appStateStore.ts';
import { useAppStore } from '../../store/appStore.ts';
import { shortRunId } from '../shared/format.ts';
import { runViewFromStored } from './runSummary.ts';

/** Shows the stored run `runId` of `workflowId` read-only, or says it is no longer stored. */
export async function openStoredRun(workflowId: string, runId: string): Promise<void> {
  const { store } = await getAppStateStore();
  const stored = await store.loadRun(workflowId, runId);
  const state = useAppStore.getState();
  if (!stored) {
    state.showToast({
      kind: 'error',
      message: `Run ${shortRunId(runId)} is no longer stored.`,
    });
    return;
  }
  state.showRun(runViewFromStored(stored, state.document));
}
