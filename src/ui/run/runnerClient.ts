// The page's side of the run worker (src/runner): one worker per tab, started on the first run and
// kept for the next ones (its task workers stay warm). Where Web Workers cannot be created, the
// same runner runs in the page, with a warning.
import { proxy, transfer, wrap } from 'comlink';
import type {
  RunExecutorOptions,
  RunOutcome,
  RunRequest,
  RunSink,
  RunnerApi,
} from '../../runner/protocol.ts';
import type { SandboxHandle } from '../../runner/sandboxProtocol.ts';
import type { WorkflowDocument } from '../../engine/index.ts';

interface Runner {
  api: Pick<
    RunnerApi,
    'cancel' | 'dispose' | 'warm' | 'prepare' | 'pageLeaving' | 'pageStays' | 'pageHiding'
  > & {
    execute(request: RunRequest, sink: RunSink): Promise<RunOutcome>;
  };
  /** Settles with a message when the worker dies (crash, out of memory); never when healthy. */
  died: Promise<string>;
  worker: Worker | null;
}

let runner: Promise<Runner> | null = null;

/** Said once when runs have to execute in the page. */
export const NO_WORKER_WARNING =
  'Web Workers are unavailable here: runs execute in the page, so a busy task can freeze it';

function startWorker(): Runner {
  const worker = new Worker(new URL('../../runner/runner.worker.ts', import.meta.url), {
    type: 'module',
  });
  const died = new Promise<string>((resolve) => {
    worker.addEventListener('error', (event) => {
      event.preventDefault();
      resolve(`the run worker stopped: ${event.message || 'it crashed or could not load'}`);
    });
  });
  const api = wrap<RunnerApi>(worker);
  return {
    worker,
    died,
    api: {
      execute: (request, sink) =>
        api.execute(
          request.sandbox ? transfer(request, [request.sandbox.port]) : request,
          proxy(sink),
        ),
      warm: (sandbox, executor, storage) =>
        void api.warm(transfer(sandbox, [sandbox.port]), executor, storage),
      prepare: (documentId, document) => void api.prepare(documentId, document),
      pageLeaving: () => void api.pageLeaving(),
      pageStays: () => void api.pageStays(),
      pageHiding: () => void api.pageHiding(),
      cancel: (runId) => void api.cancel(runId),
      dispose: () => api.dispose(),
    },
  };
}

async function startInPage(warn: (message: string) => void): Promise<Runner> {
  warn(NO_WORKER_WARNING);
  const { createRunner } = await import('../../runner/runner.ts');
  return {
    api: createRunner({ requireSandbox: true }),
    died: new Promise<string>(() => {}),
    worker: null,
  };
}

function getRunner(warn: (message: string) => void): Promise<Runner> {
  if (runner) return runner;
  if (typeof Worker !== 'function') {
    runner = startInPage(warn);
    return runner;
  }
  const started = startWorker();
  const mine = Promise.resolve(started);
  runner = mine;
  // A dead worker is replaced on the next run.
  void started.died.then(() => {
    if (runner === mine) runner = null;
  });
  return mine;
}

/**
 * Executes a run in the run worker. Resolves with how it ended; when the worker itself dies
 * mid-run, with `not-started` and the reason (the worker is replaced for the next run).
 */
export async function executeInRunner(request: RunRequest, sink: RunSink): Promise<RunOutcome> {
  const current = await getRunner(sink.warning);
  return Promise.race([
    current.api.execute(request, sink),
    current.died.then((message): RunOutcome => ({
      kind: 'not-started',
      message: `The run ended early: ${message}`,
    })),
  ]);
}

/** Starts the run worker now (if it is not running), so it loads while the task sandbox does. */
export function startRunner(warn: (message: string) => void): void {
  void getRunner(warn);
}

/**
 * Starts the run worker and has it start the task workers of a workflow's sandbox and open the
 * database, so the first run does not wait for any of it.
 */
export function warmRunner(
  sandbox: SandboxHandle,
  executor: RunExecutorOptions,
  storage: RunRequest['storage'],
  warn: (message: string) => void,
): void {
  void getRunner(warn).then((r) => r.api.warm(sandbox, executor, storage));
}

/** The page's numbers for workflow documents (objects never edited in place): see `prepare`. */
const documentIds = new WeakMap<WorkflowDocument, number>();
let lastDocumentId = 0;

/** The number the runner knows `document` by (a new one for a document it has not seen). */
export function documentIdOf(document: WorkflowDocument): number {
  let id = documentIds.get(document);
  if (id === undefined) documentIds.set(document, (id = ++lastDocumentId));
  return id;
}

/**
 * Has the run worker (started if need be) build and check `document` now, so that its Run starts
 * from it: the open workflow, while the person looks at it.
 */
export function prepareInRunner(document: WorkflowDocument, warn: (message: string) => void): void {
  const id = documentIdOf(document);
  void getRunner(warn).then((r) => r.api.prepare(id, document));
}

/**
 * Tells the runner the page may be going away (`beforeunload`): what the task sandbox reports is
 * held back until `pageStaysInRunner` or `pageHidingInRunner`.
 */
export function pageLeavingInRunner(): void {
  void runner?.then((r) => r.api.pageLeaving());
}

/** The page stayed after a `beforeunload`: the runner takes the held reports. */
export function pageStaysInRunner(): void {
  void runner?.then((r) => r.api.pageStays());
}

/** Tells the runner the page is going away: nothing its running tasks do from now on is recorded. */
export function pageHidingInRunner(): void {
  void runner?.then((r) => r.api.pageHiding());
}

/** Asks the runner to cancel a run (cooperative: tasks see `ctx.signal` abort). */
export function cancelInRunner(runId: string): void {
  void runner?.then((r) => r.api.cancel(runId));
}

/**
 * Ends the run worker at once, and with it every task worker and whatever it was running (a run
 * that ignores Cancel, e.g. a busy loop under the Async executor). The next run starts a new one.
 */
export function endRunner(): void {
  const ending = runner;
  runner = null;
  void ending?.then((r) => r.worker?.terminate());
}

/** Ends the warm workers politely (page hidden, no run going). */
export function disposeRunner(): void {
  const ending = runner;
  runner = null;
  void ending?.then(async (r) => {
    await r.api.dispose().catch(() => undefined);
    r.worker?.terminate();
  });
}
