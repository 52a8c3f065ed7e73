// Whole-workflow validation that reports every problem at once (for documents and the editor).
import { buildGraph } from '../graph/IndexedGraph.ts';
import { findCycle } from '../graph/findCycle.ts';
import { checkCodeSyntax, type CodeSyntaxProblem } from './codeTask.ts';
import type { ValidationIssue } from './errors.ts';
import { checkTaskOptions } from './taskOptionsSchema.ts';

/** Longest task name accepted (names are labels in the UI, Mermaid and store keys). */
export const MAX_TASK_NAME_LENGTH = 128;

/** What validation needs to know about one task. */
export interface TaskSpec {
  name: string;
  dependsOn: readonly string[];
  /** Code-task body; parsed so syntax errors show before a run. */
  code?: string | undefined;
  /** Options to check; leave out when a schema already checked them. */
  options?: object | undefined;
  /** The `mapOver` option, checked against `dependsOn` (also when `options` is left out). */
  mapOver?: string | undefined;
}

/** `E_BAD_OPTION` when a mapped task's `mapOver` is not one of its direct upstream tasks; else null. */
export function mapOverIssue(
  task: string,
  mapOver: string | undefined,
  dependsOn: readonly string[],
): ValidationIssue | null {
  if (mapOver === undefined || dependsOn.includes(mapOver)) return null;
  return {
    code: 'E_BAD_OPTION',
    task,
    message: `Task "${task}": option "mapOver" names "${mapOver}", which is not one of its direct upstream tasks (dependsOn): a task is mapped over the array result of a task it depends on`,
  };
}

/**
 * Why a task name is refused, or `null`: a name is 1–128 characters, not only whitespace, and
 * neither starts nor ends with whitespace (`" load"` and `"load"` would look the same everywhere
 * they are shown, yet be two tasks and two store keys). Whitespace is JavaScript's `\s`: spaces,
 * tabs, line breaks, no-break and other Unicode spaces, the BOM. Inner whitespace is fine.
 */
function taskNameProblem(name: string): string | null {
  if (name.length < 1 || name.length > MAX_TASK_NAME_LENGTH)
    return `a name is 1–${MAX_TASK_NAME_LENGTH} characters`;
  const trimmed = name.trim();
  if (trimmed.length === 0) return 'a name cannot be only whitespace';
  if (trimmed.length !== name.length) return 'a name cannot start or end with whitespace';
  return null;
}

/** `E_INVALID_NAME` issue for a bad name, or `null`. */
export function checkTaskName(name: unknown): ValidationIssue | null {
  const problem =
    typeof name === 'string'
      ? taskNameProblem(name)
      : `a name is 1–${MAX_TASK_NAME_LENGTH} characters`;
  if (problem === null) return null;
  const shown =
    typeof name === 'string'
      ? JSON.stringify(name.length > 40 ? `${name.slice(0, 40)}…` : name)
      : String(name);
  return {
    code: 'E_INVALID_NAME',
    message: `Invalid task name ${shown}: ${problem}`,
    ...(typeof name === 'string' ? { task: name } : {}),
  };
}

/**
 * `E_DUPLICATE_DEPENDENCY` issues of one task: one per upstream name it lists more than once,
 * naming the task, the upstream and how many times. O(deps).
 */
export function checkDuplicateDependencies(
  task: string,
  dependsOn: readonly string[],
): ValidationIssue[] {
  if (dependsOn.length < 2 || new Set(dependsOn).size === dependsOn.length) return [];
  const counts = new Map<string, number>();
  for (const d of dependsOn) counts.set(d, (counts.get(d) ?? 0) + 1);
  const issues: ValidationIssue[] = [];
  for (const [upstream, n] of counts) {
    if (n < 2) continue;
    issues.push({
      code: 'E_DUPLICATE_DEPENDENCY',
      task,
      message: `Task "${task}" lists "${upstream}" ${n.toLocaleString('en-US')} times in dependsOn: list each upstream task once`,
    });
  }
  return issues;
}

/**
 * Every problem of a set of tasks: E_INVALID_NAME, E_DUPLICATE, E_DUPLICATE_DEPENDENCY,
 * E_SELF_DEPENDENCY, E_UNKNOWN_DEPENDENCY, E_BAD_OPTION, E_SYNTAX (with line) and E_CYCLE (with its
 * path). Returns an empty list for a valid workflow. O(V+E) plus one parse per code task.
 */
export function validateTasks(tasks: readonly TaskSpec[]): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const seen = new Set<string>();
  const nodes = tasks.map((t) => {
    const nameIssue = checkTaskName(t.name);
    if (nameIssue) issues.push(nameIssue);
    if (seen.has(t.name)) {
      issues.push({
        code: 'E_DUPLICATE',
        task: t.name,
        message: `Duplicate task name "${t.name}"`,
      });
    }
    seen.add(t.name);
    for (const issue of checkDuplicateDependencies(t.name, t.dependsOn)) issues.push(issue);
    if (!t.dependsOn.includes(t.name)) return t;
    issues.push({
      code: 'E_SELF_DEPENDENCY',
      task: t.name,
      message: `Task "${t.name}" depends on itself`,
    });
    // Left out of the graph so the cycle check does not report the same problem again.
    return { name: t.name, dependsOn: t.dependsOn.filter((d) => d !== t.name) };
  });
  const graph = buildGraph(nodes);
  // Once per task and missing name, however many times the task lists it.
  const reported = new Set<string>();
  for (const [i, missing] of graph.unknown) {
    const key = `${i}\u0000${missing}`;
    if (reported.has(key)) continue;
    reported.add(key);
    const name = graph.names[i]!;
    issues.push({
      code: 'E_UNKNOWN_DEPENDENCY',
      task: name,
      message: `Task "${name}" depends on unknown task "${missing}"`,
    });
  }
  for (const t of tasks) {
    if (t.options) issues.push(...checkTaskOptions(t.name, t.options));
    const mapOver = t.mapOver ?? (t.options as { mapOver?: unknown } | undefined)?.mapOver;
    const mapIssue =
      typeof mapOver === 'string' ? mapOverIssue(t.name, mapOver, t.dependsOn) : null;
    if (mapIssue) issues.push(mapIssue);
    if (t.code === undefined) continue;
    const problem = checkCodeSyntax(t.code);
    if (problem) issues.push(syntaxIssue(t.name, problem));
  }
  const cycle = findCycle(graph);
  if (cycle) {
    issues.push({
      code: 'E_CYCLE',
      task: cycle[0]!,
      cycle,
      message: `Cycle detected: ${cycle.join(' → ')}`,
    });
  }
  return issues;
}

/** The `E_SYNTAX` issue for a code task's syntax problem: task name and line in the message. */
export function syntaxIssue(task: string, problem: CodeSyntaxProblem): ValidationIssue {
  return {
    code: 'E_SYNTAX',
    task,
    message: `Task "${task}", line ${problem.line}: ${problem.message}`,
  };
}

/**
 * Problems of a task about to join a workflow whose names are `existing` (name → index): name,
 * duplicate, self and unknown dependencies, options. Used by `addTask`; O(deps) plus options.
 */
export function checkNewTask(
  task: { name: string; options: object },
  deps: readonly string[],
  existing: ReadonlyMap<string, number>,
): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const name = task.name;
  const nameIssue = checkTaskName(name);
  if (nameIssue) issues.push(nameIssue);
  if (existing.has(name)) {
    issues.push({ code: 'E_DUPLICATE', task: name, message: `Duplicate task name "${name}"` });
  }
  for (const d of deps) {
    if (d === name) {
      issues.push({ code: 'E_SELF_DEPENDENCY', task: d, message: `Task "${d}" depends on itself` });
    } else if (!existing.has(d)) {
      issues.push({
        code: 'E_UNKNOWN_DEPENDENCY',
        task: name,
        message: `Task "${name}" depends on unknown task "${d}"`,
      });
    }
  }
  issues.push(...checkTaskOptions(name, task.options));
  return issues;
}
