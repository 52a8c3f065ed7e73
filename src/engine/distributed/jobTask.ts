// What an attempt's job becomes on a DistributedWorker: the task and context its thread runs,
// and the check that its result can travel back. Node only.
import { skipTask } from '../model/errors.ts';
import type { TaskContext, TaskFunction } from '../model/types.ts';
import type { RunnableTask } from '../schedule/TaskRunner.ts';
import type { AttemptJobData } from './protocol.ts';

/** Frozen empty records: the context of an attempt without parameters, secrets or a timeout. */
const NONE = Object.freeze({});

/** The task of a job; `functions` keeps each function source turned back into a function. */
export function taskOf(data: AttemptJobData, functions: Map<string, TaskFunction>): RunnableTask {
  const options = data.timeoutMs !== undefined ? { timeoutMs: data.timeoutMs } : NONE;
  if (data.fnSource === undefined)
    return { name: data.task, code: data.code ?? '', options, dependsOn: data.dependsOn };
  let fn = functions.get(data.fnSource);
  if (!fn) {
    // Only turned back into a function here; it runs in a worker thread like a code task.
    fn = (0, eval)(`(${data.fnSource})`) as TaskFunction;
    functions.set(data.fnSource, fn);
  }
  return { name: data.task, fn, options, dependsOn: data.dependsOn };
}

/**
 * The attempt's context on this side: the thread builds the one its code sees from it. `signal`
 * never aborts (see `DistributedWorker.quiet`).
 */
export function contextOf(data: AttemptJobData, signal: AbortSignal): TaskContext {
  return {
    signal,
    attempt: data.attempt,
    runId: data.runId,
    taskName: data.task,
    log: ignore,
    skip: skipTask,
    params: data.params ? Object.freeze({ ...data.params }) : NONE,
    secrets: NONE,
    ...(data.map ? { item: data.map.item, index: data.map.index } : {}),
  };
}

function ignore(): void {}

/** The error for a result over the limit (or not JSON), naming the task; `undefined` when it fits. */
export function resultProblem(data: AttemptJobData, value: unknown): Error | undefined {
  let bytes: number;
  try {
    bytes = Buffer.byteLength(JSON.stringify(value) ?? '');
  } catch (error) {
    return Object.assign(
      new Error(
        `Task "${data.task}": its result cannot be sent as JSON: ${(error as Error).message}`,
      ),
      { code: 'E_NOT_STORABLE' },
    );
  }
  if (bytes <= data.maxResultBytes) return undefined;
  return Object.assign(
    new Error(
      `Task "${data.task}": its result is ${bytes} bytes, over the distributed executor's limit of ` +
        `${data.maxResultBytes} bytes (maxResultBytes, --max-result-bytes)`,
    ),
    { name: 'ResultTooLargeError', code: 'E_RESULT_TOO_LARGE' },
  );
}
