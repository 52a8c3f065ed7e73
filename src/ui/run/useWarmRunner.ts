// Gets the open workflow's runs ready while the person looks at it: once the page is idle after a
// workflow opens (or its code, network access or executor changes), the run worker starts, the
// workflow's task sandbox loads and its task workers start; after each edit the run worker builds
// and checks the workflow again. No task code runs, and nothing is asked of the person; Run then
// waits for none of it.
import { useEffect } from 'react';
import type { WorkflowDocument } from '../../engine/index.ts';
import { releaseSandboxPort } from '../../runner/sandboxProtocol.ts';
import { getAppStateStore } from '../persistence/appStateStore.ts';
import { useAppStore } from '../store/appStore.ts';
import type { RunSettings } from '../store/runSlice.ts';
import { trustOf } from '../trust/trustRecords.ts';
import { activeRunId, executorOptionsOf } from './runController.ts';
import { prepareInRunner, warmRunner } from './runnerClient.ts';
import { connectTaskSandbox, sandboxKey } from './taskSandbox.ts';

/** How long the page may stay busy before warming goes ahead anyway. */
const IDLE_TIMEOUT_MS = 2_000;

let warmedKey = '';

async function warm(document: WorkflowDocument, settings: RunSettings): Promise<void> {
  if (activeRunId() !== null) return;
  // The workflow itself, built and checked in the run worker: Run then starts from it.
  prepareInRunner(document, () => undefined);
  const policy = trustOf(document.id).network;
  const executor = executorOptionsOf(settings);
  const key = `${sandboxKey(document, policy)}\u0000${JSON.stringify(executor)}`;
  if (key === warmedKey) return;
  warmedKey = key;
  const { idb } = await getAppStateStore();
  const sandbox = await connectTaskSandbox(document, policy);
  if (activeRunId() !== null) {
    releaseSandboxPort(sandbox.port); // a run started meanwhile and has its own connection
    return;
  }
  warmRunner(sandbox, executor, idb ? 'indexeddb' : 'memory', () => undefined);
}

function whenIdle(callback: () => void): () => void {
  if (typeof requestIdleCallback === 'function') {
    const handle = requestIdleCallback(callback, { timeout: IDLE_TIMEOUT_MS });
    return () => cancelIdleCallback(handle);
  }
  const timer = setTimeout(callback, 200);
  return () => clearTimeout(timer);
}

/** Warms the run path for the open workflow when the page is idle (see above). */
export function useWarmRunner(): void {
  const document = useAppStore((s) => s.document);
  const settings = useAppStore((s) => s.runSettings);
  useEffect(
    () =>
      whenIdle(() => {
        warm(document, settings).catch(() => {
          warmedKey = ''; // a failed warm-up is tried again; a run reports its own errors
        });
      }),
    [document, settings],
  );
}
