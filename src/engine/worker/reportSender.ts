// How a sandboxed task worker posts its reports (the app's sandbox worker, the CLI's sandboxed task
// process): a result structured clone refuses fails its attempt alone, with a message naming the
// part that cannot leave, instead of losing the whole report.
import { serializeError } from '../model/serializeError.ts';
import type { SerializedError } from '../model/types.ts';
import type { SandboxWorkerMessage, WorkerReport } from './protocol.ts';
import { describeUncloneable } from './uncloneable.ts';

/** Posts a message to the host (throws when a value cannot be sent). */
export type PostReport = (message: SandboxWorkerMessage, transfer?: ArrayBuffer[]) => void;

/** A report sender for the runtime: `post`, or on failure the report with its uncloneable results failed. */
export function reportSender(
  post: PostReport,
): (report: WorkerReport, transfer: ArrayBuffer[]) => void {
  return (report, transfer) => {
    try {
      post({ type: 'report', report }, transfer);
    } catch {
      // A value structured clone refuses (a URL, a Request, a stream…): fail those attempts alone.
      post({ type: 'report', report: withUncloneableFailed(report) });
    }
  };
}

function withUncloneableFailed(report: WorkerReport): WorkerReport {
  return {
    logs: report.logs,
    outcomes: report.outcomes.map((outcome) => {
      if (outcome.type !== 'ok') return outcome;
      const problem = describeUncloneable(outcome.value);
      if (!problem) return outcome;
      const error: SerializedError = {
        name: 'DataCloneError',
        code: 'E_NOT_CLONEABLE',
        message: `The task returned a value that cannot leave its worker: ${problem}. Return plain data.`,
      };
      const { value: _dropped, ...timing } = outcome;
      return { ...timing, type: 'error', error };
    }),
    ...(report.crash ? { crash: { ...report.crash, error: safeError(report.crash.error) } } : {}),
  };
}

function safeError(error: SerializedError): SerializedError {
  try {
    structuredClone(error);
    return error;
  } catch (cause) {
    return serializeError(new Error(`An error that cannot be reported: ${String(cause)}`));
  }
}
