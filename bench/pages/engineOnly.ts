// Engine-only runs for bench/runUi.bench.ts, loaded into the production app page only when it is
// built in the `bench` mode (src/main.tsx, `import.meta.env.MODE === 'bench'`; any other build drops
// the import). Runs a workflow document through the engine's public API (Workflow.fromDocument +
// ThreadedExecutor + MemoryStateStore) with no store, React or DOM updates, so the UI run of the
// same document in the same page has a peer to compare with.
import {
  MemoryStateStore,
  ThreadedExecutor,
  Workflow,
  createRunId,
  type WorkflowDocument,
} from '../../src/engine/index.ts';

let pool: { executor: ThreadedExecutor; workers: number } | undefined;

function executorFor(workers: number): ThreadedExecutor {
  if (!pool || pool.workers !== workers) {
    void pool?.executor.dispose();
    pool = { workers, executor: new ThreadedExecutor({ maxWorkers: workers }) };
  }
  return pool.executor;
}

/** What `window.__fwBench` offers the bench. */
export interface FwBenchHook {
  /**
   * Builds and runs `doc` on a warm ThreadedExecutor of `workers` workers; wall time in ms (from
   * the document, Workflow.fromDocument included) and task count.
   */
  runEngineOnly(
    doc: WorkflowDocument,
    workers: number,
  ): Promise<{ ms: number; completed: number; events: number }>;
}

export const fwBench: FwBenchHook = {
  async runEngineOnly(doc, workers) {
    const executor = executorFor(workers);
    // Timed from the document, as the app's run is: building the Workflow is part of running it.
    const t0 = performance.now();
    const workflow = Workflow.fromDocument(doc);
    let events = 0;
    const result = await executor.execute(workflow, {
      store: new MemoryStateStore(),
      runId: createRunId(),
      onEvent: () => void events++,
    });
    const ms = performance.now() - t0;
    const completed = Object.values(result.tasks).filter((t) => t.status === 'completed').length;
    return { ms, completed, events };
  },
};
