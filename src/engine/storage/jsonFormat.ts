// The versioned JSON state format: `{ format: 'flowweaver.state', version: 1, runs }` with runs
// keyed by workflow id, then run id. Parsing checks every entry; a bad entry is reported and
// kept verbatim so that writing the file back never destroys it.
import type { TaskRunState } from '../model/types.ts';
import type { RunRecord } from './StateStore.ts';
import type { LogBucket } from './logCap.ts';
import { isLogLine, isRunRecord, isTaskRunState } from './recordGuards.ts';
import type { RecordReporter } from './recordGuards.ts';
import type { RunEntry, RunTable } from './runTable.ts';

/** The `format` tag of a state file. */
export const STATE_FORMAT = 'flowweaver.state';
/** The state file version this code reads and writes. */
export const STATE_VERSION = 1;

/** One run in a state file. */
export interface StateFileEntry {
  run?: RunRecord;
  tasks: Record<string, TaskRunState>;
  logs?: Record<string, LogBucket>;
}

/** A run entry (or, without `runId`, a whole workflow's runs) this code could not read, kept as it was. */
export interface PreservedEntry {
  workflowId: string;
  runId?: string;
  raw: unknown;
}

/** The outcome of parsing a state text. */
export type ParsedState =
  | { ok: true; entries: [string, string, RunEntry][]; preserved: PreservedEntry[] }
  | { ok: false; code: 'E_STORAGE_CORRUPT' | 'E_STORAGE_VERSION'; reason: string };

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isBucket(value: unknown): value is LogBucket {
  return (
    isObject(value) &&
    typeof value.dropped === 'number' &&
    Array.isArray(value.lines) &&
    value.lines.every(isLogLine)
  );
}

function toEntry(workflowId: string, runId: string, raw: unknown): RunEntry | undefined {
  if (!isObject(raw) || !isObject(raw.tasks)) return undefined;
  const { run, tasks, logs = {} } = raw;
  if (run !== undefined) {
    if (!isRunRecord(run) || run.workflowId !== workflowId || run.runId !== runId) return undefined;
  }
  const taskList = Object.entries(tasks);
  if (!taskList.every(([name, s]) => isTaskRunState(s) && s.name === name)) return undefined;
  if (!isObject(logs) || !Object.values(logs).every(isBucket)) return undefined;
  return {
    ...(run === undefined ? {} : { run }),
    tasks: new Map(taskList as [string, TaskRunState][]),
    logs: new Map(Object.entries(logs) as [string, LogBucket][]),
  };
}

/** Parses and checks a state text; `source` names it in warnings (a path or "imported text"). */
export function parseState(text: string, source: string, report: RecordReporter): ParsedState {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    return { ok: false, code: 'E_STORAGE_CORRUPT', reason: `not valid JSON (${String(error)})` };
  }
  if (!isObject(data) || data.format !== STATE_FORMAT) {
    return { ok: false, code: 'E_STORAGE_CORRUPT', reason: `not a "${STATE_FORMAT}" file` };
  }
  if (data.version !== STATE_VERSION) {
    const version = JSON.stringify(data.version) ?? 'none';
    return {
      ok: false,
      code: 'E_STORAGE_VERSION',
      reason: `version ${version} is not supported (this FlowWeaver reads version ${STATE_VERSION})`,
    };
  }
  if (!isObject(data.runs))
    return { ok: false, code: 'E_STORAGE_CORRUPT', reason: 'no "runs" object' };
  const entries: [string, string, RunEntry][] = [];
  const preserved: PreservedEntry[] = [];
  for (const [workflowId, runs] of Object.entries(data.runs)) {
    if (!isObject(runs)) {
      preserved.push({ workflowId, raw: runs });
      report.corrupt(`${source} runs[${JSON.stringify(workflowId)}]`, 'workflow entry');
      continue;
    }
    for (const [runId, raw] of Object.entries(runs)) {
      const entry = toEntry(workflowId, runId, raw);
      if (entry) entries.push([workflowId, runId, entry]);
      else {
        preserved.push({ workflowId, runId, raw });
        report.corrupt(
          `${source} runs[${JSON.stringify(workflowId)}][${JSON.stringify(runId)}]`,
          'run',
        );
      }
    }
  }
  return { ok: true, entries, preserved };
}

/** Serialises the table, plus preserved entries whose key the table does not hold. */
export function serializeState(table: RunTable, preserved: Iterable<PreservedEntry>): string {
  const byWorkflow = new Map<string, Map<string, unknown>>();
  const whole = new Map<string, unknown>();
  const put = (workflowId: string, runId: string, value: unknown) => {
    let runs = byWorkflow.get(workflowId);
    if (!runs) byWorkflow.set(workflowId, (runs = new Map()));
    runs.set(runId, value);
  };
  for (const { workflowId, runId, raw } of preserved) {
    if (runId === undefined) whole.set(workflowId, raw);
    else put(workflowId, runId, raw);
  }
  for (const [workflowId, runId, entry] of table.entries()) {
    const value: StateFileEntry = {
      ...(entry.run ? { run: entry.run } : {}),
      tasks: Object.fromEntries(entry.tasks),
      ...(entry.logs.size > 0 ? { logs: Object.fromEntries(entry.logs) } : {}),
    };
    put(workflowId, runId, value);
  }
  // fromEntries defines own properties, so ids such as "__proto__" round-trip safely.
  const runs = Object.fromEntries([
    ...[...whole].filter(([wf]) => !byWorkflow.has(wf)),
    ...[...byWorkflow].map(([wf, m]) => [wf, Object.fromEntries(m)] as const),
  ]);
  return JSON.stringify({ format: STATE_FORMAT, version: STATE_VERSION, runs });
}
