import { useEffect } from 'react';
import { useAppStore, type AppState } from '../store/appStore.ts';
import { watchPageLifecycle } from './pageLifecycle.ts';
import { showLastRun, startRunSession } from './runSession.ts';

const selectOpenWorkflow = (s: AppState) => (s.booted ? s.document.id : null);

/**
 * After the workflow opens (and whenever another one is opened): shows its last run, resuming an
 * interrupted one by itself or mirroring it when another tab runs it. Watches for the page leaving
 * mid-run from the start.
 */
export function useRunSession(): void {
  const workflowId = useAppStore(selectOpenWorkflow);
  useEffect(() => startRunSession(), []);
  useEffect(() => watchPageLifecycle(), []);
  useEffect(() => {
    if (workflowId !== null) void showLastRun(workflowId);
  }, [workflowId]);
}
