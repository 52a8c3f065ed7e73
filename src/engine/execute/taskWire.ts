// The hot-path encoding of the engine's own task workers (workerLink.ts ↔ worker/workerApi.ts):
// a batch of attempts, and a report of results only, as flat arrays. Structured clone writes every
// property name of every object it copies; a flat array costs about what a bare message does (in
// Node, a run-and-report round trip of nested objects took 12 µs against 8 µs as arrays, a bare
// echo 8 µs). Everything else (aborts, logs, errors, crashes, starts) keeps the object form.
import type {
  AttemptMessage,
  AttemptOutcome,
  TaskSourcePayload,
  WorkerReport,
} from '../worker/protocol.ts';
import type { MissingInput } from '../model/missingInputs.ts';

/** First element of a wire batch. */
export const WIRE_RUN = 0;
/** First element of a wire report of results only. */
export const WIRE_RESULTS = 1;

/**
 * `[WIRE_RUN, …]`, then per attempt: id, task (a source, or the key of one the worker holds), name,
 * inputs, attempt, runId, flags (1 startKnown, 2 announce), missing (null when none), run context ([params, secrets,
 * map] or null when the attempt has none of them).
 */
export type WireRun = unknown[];
/** `[WIRE_RESULTS, …]`, then per outcome: id, value, startedAt, finishedAt, durationMs. */
export type WireResults = unknown[];

const RUN_STRIDE = 9;
const RESULT_STRIDE = 5;

/** A batch as one flat array. */
export function encodeRun(batch: readonly AttemptMessage[]): WireRun {
  const out = new Array<unknown>(1 + batch.length * RUN_STRIDE);
  out[0] = WIRE_RUN;
  let j = 1;
  for (const message of batch) {
    const task = message.task;
    out[j++] = message.id;
    out[j++] = task.kind === 'known' ? task.key : task;
    out[j++] = task.name;
    out[j++] = message.inputs;
    out[j++] = message.attempt;
    out[j++] = message.runId;
    out[j++] = (message.startKnown ? 1 : 0) | (message.announce ? 2 : 0);
    out[j++] = message.missing ?? null;
    out[j++] =
      message.params || message.secrets || message.map
        ? [message.params ?? null, message.secrets ?? null, message.map ?? null]
        : null;
  }
  return out;
}

/** The attempts of a wire batch. */
export function decodeRun(wire: WireRun): AttemptMessage[] {
  const batch: AttemptMessage[] = [];
  for (let j = 1; j + RUN_STRIDE <= wire.length; j += RUN_STRIDE) {
    const task = wire[j + 1] as number | TaskSourcePayload;
    const name = wire[j + 2] as string;
    const message: AttemptMessage = {
      id: wire[j] as number,
      task: typeof task === 'number' ? { kind: 'known', key: task, name } : task,
      inputs: wire[j + 3] as Record<string, unknown>,
      attempt: wire[j + 4] as number,
      runId: wire[j + 5] as string,
    };
    const flags = wire[j + 6] as number;
    if (flags & 1) message.startKnown = true;
    if (flags & 2) message.announce = true;
    const missing = wire[j + 7] as readonly MissingInput[] | null;
    if (missing) message.missing = missing;
    const context = wire[j + 8] as
      | [
          Record<string, unknown> | null,
          Record<string, string> | null,
          AttemptMessage['map'] | null,
        ]
      | null;
    if (context) {
      if (context[0]) message.params = context[0];
      if (context[1]) message.secrets = context[1];
      if (context[2]) message.map = context[2];
    }
    batch.push(message);
  }
  return batch;
}

/** A report that holds results only (no logs, starts, errors or crash) as a flat array, else undefined. */
export function encodeResults(report: WorkerReport): WireResults | undefined {
  if (report.logs.length > 0 || report.started || report.crash || report.awaiting) return undefined;
  const { outcomes } = report;
  const out = new Array<unknown>(1 + outcomes.length * RESULT_STRIDE);
  out[0] = WIRE_RESULTS;
  let j = 1;
  for (const outcome of outcomes) {
    if (outcome.type !== 'ok') return undefined;
    out[j++] = outcome.id;
    out[j++] = outcome.value;
    out[j++] = outcome.startedAt;
    out[j++] = outcome.finishedAt;
    out[j++] = outcome.durationMs;
  }
  return out;
}

/** The report of a wire results array. */
export function decodeResults(wire: WireResults): WorkerReport {
  const outcomes: AttemptOutcome[] = [];
  for (let j = 1; j + RESULT_STRIDE <= wire.length; j += RESULT_STRIDE) {
    outcomes.push({
      type: 'ok',
      id: wire[j] as number,
      value: wire[j + 1],
      startedAt: wire[j + 2] as number,
      finishedAt: wire[j + 3] as number,
      durationMs: wire[j + 4] as number,
    });
  }
  return { logs: [], outcomes };
}
