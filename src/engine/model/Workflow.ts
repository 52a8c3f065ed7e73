// The workflow model: tasks in insertion order plus index-based adjacency, kept valid on every edit.
import type { Executor, ExecuteOptions } from '../execute/Executor.ts';
import type { IndexedGraph } from '../graph/IndexedGraph.ts';
import type { RunnableTask } from '../schedule/TaskRunner.ts';
import { buildRunPlan, type RunPlan } from '../schedule/runPlan.ts';
import { downstreamClosure, upstreamClosure } from '../graph/closure.ts';
import { layers } from '../graph/layers.ts';
import { wouldCreateCycle } from '../graph/wouldCreateCycle.ts';
import { createDefaultExecutor } from './defaultExecutor.ts';
import { parseWorkflowDocument } from './document.ts';
import { workflowToDocument } from './toDocument.ts';
import {
  CycleError,
  FlowWeaverError,
  WorkflowValidationError,
  type ValidationIssue,
} from './errors.ts';
import { computeStats } from './stats.ts';
import { WorkflowStatus } from './status.ts';
import { Task } from './Task.ts';
import { getTaskOptions, type TaskDecoratorOptions } from './taskDecorator.ts';
import type { RunResult, TaskFunction, WorkflowDocument, WorkflowStats } from './types.ts';
import { checkNewTask, mapOverIssue, validateTasks } from './validateWorkflow.ts';
import { checkParamSpecs, type ParamSpec } from './params.ts';

/** Options of `new Workflow`. */
export interface WorkflowOptions {
  /** Stable id that stores key on; defaults to the name. */
  id?: string;
  description?: string;
  /**
   * Run-level timeout in ms (positive): a run going on longer cancels its running tasks, starts
   * nothing new and ends `failed` with `timedOut: true`. A resumed run counts afresh from its resume.
   */
  timeoutMs?: number;
  /**
   * Run parameters: each run passes values (`execute(wf, { params })`), checked against these
   * declarations; tasks read them as `ctx.params` (code tasks: `params.<name>`).
   */
  params?: readonly ParamSpec[];
  /**
   * Most instances of mapped tasks (`mapOver`) a run may start, all mapped tasks together
   * (default `DEFAULT_MAX_MAP_INSTANCES`, 1,000); `execute(wf, { maxMapInstances })` overrides it.
   */
  maxMapInstances?: number;
}

/** Options of `addTask`: dependencies, and for plain functions their name and task options. */
export interface AddTaskOptions extends TaskDecoratorOptions {
  dependsOn?: readonly string[];
}

/**
 * A DAG of tasks. Edits keep it valid (dependencies must exist, no cycles), so running it needs
 * no repair. `addTask` is O(1) amortised; the graph is index arrays the kernels read directly.
 */
export class Workflow {
  readonly id: string;
  name: string;
  description: string | undefined;
  /** Run-level timeout in ms (see {@link WorkflowOptions.timeoutMs}); none when undefined. */
  timeoutMs: number | undefined;
  /** Declared run parameters (see {@link WorkflowOptions.params}); empty when none. */
  readonly params: readonly ParamSpec[];
  /** See {@link WorkflowOptions.maxMapInstances}; the default when undefined. */
  maxMapInstances: number | undefined;
  /** Status of the latest (or current) run. */
  status: WorkflowStatus = WorkflowStatus.Pending;
  /** The latest finished run, if any. */
  lastRun: RunResult | undefined;

  readonly #tasks: Task[] = [];
  readonly #names: string[] = [];
  readonly #index = new Map<string, number>();
  readonly #deps: string[][] = [];
  readonly #up: number[][] = [];
  readonly #down: number[][] = [];
  /** Set while a run is in flight; a workflow object runs once at a time. */
  running = false;
  /** What runs read of the tasks; rebuilt after the next edit. */
  #plan: RunPlan | undefined;
  /** True once every task's code parsed; tasks never change their code, so only edits reset it. */
  #syntaxChecked = false;

  constructor(name: string, options: WorkflowOptions = {}) {
    this.name = name;
    this.id = options.id ?? name;
    this.description = options.description;
    const timeoutMs = options.timeoutMs;
    if (timeoutMs !== undefined && !(Number.isFinite(timeoutMs) && timeoutMs > 0))
      throw new WorkflowValidationError({
        code: 'E_BAD_OPTION',
        message: `Workflow "${name}": option "timeoutMs" must be a positive number of ms (got ${timeoutMs})`,
      });
    this.timeoutMs = timeoutMs;
    const params = (options.params ?? []).map((p) => ({ ...p }));
    const paramIssues = checkParamSpecs(params);
    if (paramIssues.length > 0) throw new WorkflowValidationError(paramIssues);
    this.params = params;
    const limit = options.maxMapInstances;
    if (limit !== undefined && !(Number.isInteger(limit) && limit > 0))
      throw new WorkflowValidationError({
        code: 'E_BAD_OPTION',
        message: `Workflow "${name}": option "maxMapInstances" must be a positive whole number (got ${limit})`,
      });
    this.maxMapInstances = limit;
  }

  /** Tasks in insertion order (read-only view; edit through the methods). */
  get tasks(): readonly Task[] {
    return this.#tasks;
  }

  /** The dependency graph as index arrays, aligned with {@link tasks}; a live read-only view. */
  getGraph(): IndexedGraph {
    return { names: this.#names, upstream: this.#up, downstream: this.#down };
  }

  /**
   * Adds a task (a `Task`, a `task()`-decorated function or a plain function). Its dependencies
   * must already exist, so adding can never close a cycle. Throws `WorkflowValidationError`
   * listing every problem (E_INVALID_NAME, E_DUPLICATE, E_SELF_DEPENDENCY, E_UNKNOWN_DEPENDENCY,
   * E_BAD_OPTION).
   */
  addTask(taskOrFn: Task | TaskFunction, options: AddTaskOptions = {}): Task {
    const { dependsOn: extraDeps, name: explicitName, ...taskOptions } = options;
    let task: Task;
    let deps: readonly string[] = extraDeps ?? [];
    if (taskOrFn instanceof Task) {
      task = taskOrFn;
    } else {
      const decorated = getTaskOptions(taskOrFn) ?? {};
      const {
        name: decoratedName,
        dependsOn: decoratedDeps,
        ...decoratedOptions
      } = decorated as AddTaskOptions;
      const name = explicitName ?? decoratedName ?? taskOrFn.name;
      task = new Task(name, taskOrFn, { ...decoratedOptions, ...taskOptions });
      if (!extraDeps && decoratedDeps) deps = decoratedDeps;
    }
    const issues = checkNewTask(task, deps, this.#index);
    if (issues.length > 0) throw new WorkflowValidationError(issues);
    const i = this.#tasks.length;
    const unique = deps.length > 1 ? [...new Set(deps)] : [...deps];
    const up = new Array<number>(unique.length);
    for (let k = 0; k < unique.length; k++) {
      const j = this.#index.get(unique[k]!)!;
      up[k] = j;
      this.#down[j]!.push(i);
    }
    this.#changed();
    this.#tasks.push(task);
    this.#names.push(task.name);
    this.#index.set(task.name, i);
    this.#deps.push(unique);
    this.#up.push(up);
    this.#down.push([]);
    return task;
  }

  /** Drops what was derived from the tasks and edges (run plan, syntax check). */
  #changed(): void {
    this.#plan = undefined;
    this.#syntaxChecked = false;
  }

  /** Makes `downstream` depend on `upstream`. Throws `CycleError` (with the loop) if that closes one. */
  addDependency(upstream: string, downstream: string): void {
    const u = this.#indexOf(upstream, 'E_UNKNOWN_DEPENDENCY');
    const d = this.#indexOf(downstream, 'E_UNKNOWN_DEPENDENCY');
    if (u === d) {
      throw new WorkflowValidationError({
        code: 'E_SELF_DEPENDENCY',
        task: upstream,
        message: `Task "${upstream}" cannot depend on itself`,
      });
    }
    if (this.#up[d]!.includes(u)) return;
    const cycle = wouldCreateCycle(this.getGraph(), u, d);
    if (cycle) throw new CycleError(cycle);
    this.#link(u, d);
  }

  #link(u: number, d: number): void {
    if (this.#up[d]!.includes(u)) return;
    this.#changed();
    this.#up[d]!.push(u);
    this.#down[u]!.push(d);
    this.#deps[d]!.push(this.#names[u]!);
  }

  /** Removes a task and every edge touching it (its dependents simply lose that dependency). O(V+E). */
  removeTask(name: string): void {
    const i = this.#indexOf(name, 'E_UNKNOWN_TASK');
    this.#changed();
    for (const d of this.#down[i]!) this.#deps[d] = this.#deps[d]!.filter((n) => n !== name);
    for (const arr of [this.#tasks, this.#names, this.#deps, this.#up, this.#down])
      arr.splice(i, 1);
    // Indices above `i` shift down by one.
    const remap = (list: number[]) => list.filter((x) => x !== i).map((x) => (x > i ? x - 1 : x));
    for (let k = 0; k < this.#up.length; k++) {
      this.#up[k] = remap(this.#up[k]!);
      this.#down[k] = remap(this.#down[k]!);
    }
    this.#index.clear();
    this.#names.forEach((n, k) => this.#index.set(n, k));
  }

  /** The task of that name. */
  getTask(name: string): Task | undefined {
    const i = this.#index.get(name);
    return i === undefined ? undefined : this.#tasks[i];
  }

  /** Direct upstream names, in declaration order. Throws for an unknown name. */
  getDependencies(name: string): readonly string[] {
    return this.#deps[this.#indexOf(name, 'E_UNKNOWN_TASK')]!;
  }

  /** Direct downstream names, in insertion order. Throws for an unknown name. */
  getDependents(name: string): readonly string[] {
    return this.#down[this.#indexOf(name, 'E_UNKNOWN_TASK')]!.map((j) => this.#names[j]!);
  }

  /** Every task `name` depends on, transitively (insertion order). */
  getUpstream(name: string): string[] {
    return upstreamClosure(this.getGraph(), [this.#indexOf(name, 'E_UNKNOWN_TASK')]).map(
      (j) => this.#names[j]!,
    );
  }

  /** Every task that depends on `name`, transitively (insertion order). */
  getDownstream(name: string): string[] {
    return downstreamClosure(this.getGraph(), [this.#indexOf(name, 'E_UNKNOWN_TASK')]).map(
      (j) => this.#names[j]!,
    );
  }

  /** Layers by longest-path depth, ties in insertion order — for display; runs never wait on layers. */
  getExecutionPlan(): Task[][] {
    return layers(this.getGraph()).map((layer) => layer.map((i) => this.#tasks[i]!));
  }

  /** The latest result of a task (undefined until it completed). Throws for an unknown name. */
  getTaskResult(name: string): unknown {
    return this.#tasks[this.#indexOf(name, 'E_UNKNOWN_TASK')]!.result;
  }

  /** Counts by status plus the latest run's wall time. */
  getWorkflowStats(): WorkflowStats {
    return computeStats(this.#tasks, this.lastRun?.durationMs ?? 0);
  }

  /** Every problem at once (names, duplicates, dependencies, options, code syntax, cycles). */
  getValidationIssues(): ValidationIssue[] {
    return validateTasks(
      this.#tasks.map((t, i) => ({
        name: t.name,
        dependsOn: this.#deps[i]!,
        code: t.code,
        mapOver: t.options.mapOver,
      })),
    );
  }

  /**
   * Throws `WorkflowValidationError` when the workflow cannot run. Edits already keep names,
   * dependencies and acyclicity valid, so this only has code syntax left to check, and only until
   * it passed once after the latest edit: cheap enough to run before every execution.
   */
  validate(): void {
    if (this.#syntaxChecked) return;
    const issues: ValidationIssue[] = [];
    this.#tasks.forEach((t, i) => {
      const issue = t.syntaxIssue() ?? mapOverIssue(t.name, t.options.mapOver, this.#deps[i]!);
      if (issue) issues.push(issue);
    });
    if (issues.length > 0) throw new WorkflowValidationError(issues);
    this.#syntaxChecked = true;
  }

  /**
   * What a `TaskRunner` sees of each task, aligned with {@link tasks}. Cached until the next edit,
   * so repeated runs of a big workflow do not rebuild 100,000 descriptors.
   */
  getRunnableTasks(): readonly RunnableTask[] {
    return this.getRunPlan().runnables;
  }

  /** @internal The runner's descriptors and the scheduler's per-task facts; cached until the next edit. */
  getRunPlan(): RunPlan {
    return (this.#plan ??= buildRunPlan(this.#tasks, this.getGraph(), this.#deps));
  }

  /** Drops every result and puts all tasks (and the workflow) back to `pending`. */
  clearResults(): void {
    for (const t of this.#tasks) t.reset();
    this.status = WorkflowStatus.Pending;
    this.lastRun = undefined;
  }

  /** Runs the workflow; same as `executor.execute(this, options)`. Default: `SequentialExecutor`. */
  execute(executor?: Executor, options?: ExecuteOptions): Promise<RunResult> {
    return (executor ?? createDefaultExecutor()).execute(this, options);
  }

  /**
   * The workflow as a plain JSON document. Function tasks become code that calls the function's
   * source, which round-trips only for functions that do not close over outer variables.
   */
  toDocument(): WorkflowDocument {
    return workflowToDocument(this);
  }

  /** Builds a workflow from a document (JSON text or object); throws listing every problem. */
  static fromDocument(input: WorkflowDocument | string | unknown): Workflow {
    const doc = parseWorkflowDocument(input);
    const wf = new Workflow(doc.name, {
      id: doc.id,
      ...(doc.description !== undefined ? { description: doc.description } : {}),
      ...(doc.timeoutMs !== undefined ? { timeoutMs: doc.timeoutMs } : {}),
      ...(doc.params !== undefined ? { params: doc.params } : {}),
      ...(doc.maxMapInstances !== undefined ? { maxMapInstances: doc.maxMapInstances } : {}),
    });
    // Documents may list a task before its dependencies: add all tasks, then the edges.
    for (const t of doc.tasks) {
      const { name, code, dependsOn: _deps, position, ...options } = t;
      wf.addTask(new Task(name, code, position ? { ...options, position } : options));
    }
    // The document was checked for unknown names and cycles as a whole, so link without re-checking.
    for (const t of doc.tasks) {
      const d = wf.#index.get(t.name)!;
      for (const dep of t.dependsOn) wf.#link(wf.#index.get(dep)!, d);
    }
    return wf;
  }

  #indexOf(name: string, code: string): number {
    const i = this.#index.get(name);
    if (i === undefined)
      throw new FlowWeaverError(code, `Unknown task "${name}" in workflow "${this.name}"`);
    return i;
  }
}
