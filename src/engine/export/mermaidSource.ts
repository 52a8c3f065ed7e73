// Pure reading of a workflow-like source into flat arrays: never touches I/O, the DOM or mermaid.
import { TASK_STATUSES, TaskStatus } from '../model/status.ts';
import type { MapSummary, WorkflowDocument } from '../model/types.ts';

/** One task as the Mermaid export reads it (a `Task` of the `Workflow` class satisfies it). */
export interface MermaidSourceTask {
  readonly name: string;
  readonly status?: TaskStatus;
  readonly description?: string;
  readonly options?: {
    readonly description?: string;
    readonly branch?: boolean;
    readonly shortCircuit?: boolean;
    readonly mapOver?: string;
  };
  /** A mapped task's instance counts in its latest run. */
  readonly map?: MapSummary | undefined;
}

/**
 * The structural view of a workflow the Mermaid export needs. The `Workflow` class satisfies
 * it; so does any object with a name, tasks in insertion order and a dependency lookup.
 */
export interface MermaidSource {
  readonly name: string;
  readonly tasks: readonly MermaidSourceTask[];
  getDependencies(name: string): readonly string[];
}

/** What `exportMermaid` and friends accept: a live workflow or a plain document. */
export type MermaidInput = WorkflowDocument | MermaidSource;

/** A status, or any record carrying one (a `TaskRunState` from a `RunResult` fits). */
export type MermaidStatusValue = TaskStatus | { readonly status: TaskStatus };

/**
 * Statuses to colour by, keyed by task name: a `Map`, or a plain record such as
 * `runResult.tasks`. When given, it is the only authority: a task missing from it is pending.
 */
export type MermaidStatuses =
  | ReadonlyMap<string, MermaidStatusValue>
  | Readonly<Record<string, MermaidStatusValue | undefined>>;

/** A source flattened to arrays indexed by insertion order. */
export interface FlatGraph {
  readonly name: string;
  readonly names: readonly string[];
  /** Dependency names per task, as declared (unknown names are kept; callers skip them). */
  readonly deps: readonly (readonly string[])[];
  /** Index of the first task with each name. */
  readonly indexOf: ReadonlyMap<string, number>;
}

const VALID_STATUS: ReadonlySet<string> = new Set(TASK_STATUSES);

/** True when the input is a `WorkflowDocument` rather than a live source. */
export function isWorkflowDocument(input: MermaidInput): input is WorkflowDocument {
  return (input as Partial<WorkflowDocument>).format === 'flowweaver.workflow';
}

/** Flattens a source in O(V + E). */
export function flattenSource(input: MermaidInput): FlatGraph {
  const n = input.tasks.length;
  const names = new Array<string>(n);
  const deps = new Array<readonly string[]>(n);
  const indexOf = new Map<string, number>();
  const doc = isWorkflowDocument(input) ? input : undefined;
  for (let i = 0; i < n; i++) {
    const name = input.tasks[i]!.name;
    names[i] = name;
    if (!indexOf.has(name)) indexOf.set(name, i);
  }
  for (let i = 0; i < n; i++) {
    deps[i] = doc
      ? (doc.tasks[i]!.dependsOn ?? [])
      : (input as MermaidSource).getDependencies(names[i]!);
  }
  return { name: input.name, names, deps, indexOf };
}

function statusFromValue(value: unknown): TaskStatus | undefined {
  const status =
    typeof value === 'object' && value !== null ? (value as { status?: unknown }).status : value;
  return typeof status === 'string' && VALID_STATUS.has(status)
    ? (status as TaskStatus)
    : undefined;
}

/**
 * The status of every task, by insertion index. With `statuses`, those win and missing names
 * are pending; without, a live source's own task statuses are used (the seed's behaviour) and
 * documents, which carry none, are all pending. Unknown values fall back to pending, as in
 * the seed.
 */
export function resolveStatuses(input: MermaidInput, statuses?: MermaidStatuses): TaskStatus[] {
  const tasks = input.tasks as readonly { name: string; status?: unknown }[];
  const out = new Array<TaskStatus>(tasks.length);
  const pending = TaskStatus.Pending;
  if (statuses === undefined) {
    for (let i = 0; i < tasks.length; i++) out[i] = statusFromValue(tasks[i]!.status) ?? pending;
  } else if (statuses instanceof Map) {
    const map = statuses as ReadonlyMap<string, MermaidStatusValue>;
    for (let i = 0; i < tasks.length; i++)
      out[i] = statusFromValue(map.get(tasks[i]!.name)) ?? pending;
  } else {
    const rec = statuses as Readonly<Record<string, MermaidStatusValue | undefined>>;
    for (let i = 0; i < tasks.length; i++) {
      const name = tasks[i]!.name;
      // hasOwn: a task named `constructor` must not read Object.prototype.
      out[i] = (Object.hasOwn(rec, name) ? statusFromValue(rec[name]) : undefined) ?? pending;
    }
  }
  return out;
}

/** The description of each task, by insertion index (`description` or `options.description`). */
export function resolveDescriptions(input: MermaidInput): (string | undefined)[] {
  return input.tasks.map((task: MermaidSourceTask | WorkflowDocument['tasks'][number]) => {
    const direct = (task as { description?: unknown }).description;
    if (typeof direct === 'string') return direct;
    const nested = (task as MermaidSourceTask).options?.description;
    return typeof nested === 'string' ? nested : undefined;
  });
}

/**
 * True for each task that decides what runs below it (a branch or short-circuit task), by
 * insertion index: drawn as a hexagon.
 */
export function resolveDecides(input: MermaidInput): boolean[] {
  return input.tasks.map((task: MermaidSourceTask | WorkflowDocument['tasks'][number]) => {
    const options = isWorkflowDocument(input)
      ? (task as WorkflowDocument['tasks'][number])
      : (task as MermaidSourceTask).options;
    return options?.branch === true || options?.shortCircuit === true;
  });
}

/** What the export shows of a mapped task: the upstream it maps over and, after a run, its counts. */
export interface MermaidMapInfo {
  readonly over: string;
  readonly summary?: MapSummary;
}

/**
 * The mapping of each task (`mapOver`), by insertion index, or `undefined` for a task that is not
 * mapped. Counts come from `statuses` when its value for the task carries them (a `TaskRunState`),
 * else from a live task's own latest run when its status is the one shown.
 */
export function resolveMaps(
  input: MermaidInput,
  shown: readonly TaskStatus[],
  statuses?: MermaidStatuses,
): (MermaidMapInfo | undefined)[] {
  const doc = isWorkflowDocument(input);
  return input.tasks.map((task: MermaidSourceTask | WorkflowDocument['tasks'][number], i) => {
    const over = doc
      ? (task as WorkflowDocument['tasks'][number]).mapOver
      : (task as MermaidSourceTask).options?.mapOver;
    if (typeof over !== 'string') return undefined;
    const value =
      statuses === undefined
        ? undefined
        : statuses instanceof Map
          ? (statuses as ReadonlyMap<string, MermaidStatusValue>).get(task.name)
          : Object.hasOwn(statuses, task.name)
            ? (statuses as Readonly<Record<string, MermaidStatusValue | undefined>>)[task.name]
            : undefined;
    const given =
      typeof value === 'object' && value !== null ? (value as { map?: MapSummary }).map : undefined;
    const live = doc ? undefined : (task as MermaidSourceTask);
    const own = live?.map !== undefined && live.status === shown[i] ? live.map : undefined;
    const summary = isSummary(given) ? given : isSummary(own) ? own : undefined;
    return summary ? { over, summary } : { over };
  });
}

function isSummary(value: unknown): value is MapSummary {
  const v = value as MapSummary | undefined;
  return typeof v?.total === 'number' && typeof v.counts === 'object' && v.counts !== null;
}
