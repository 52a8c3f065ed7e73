// Branch and short-circuit tasks: what their result decides about the tasks downstream of them.
// Pure: reads the plan's edges and task names, never run state.
//
// Semantics from Airflow: `BaseBranchOperator.do_branch` / `SkipMixin.skip_all_except` (a branch
// returns task ids to follow; its other direct downstream tasks are skipped; an id that is not a
// direct downstream task is an error) and `ShortCircuitOperator` with its default
// `ignore_downstream_trigger_rules=True` (a falsy result skips every task downstream).
import type { CompactAdjacency } from '../graph/compactAdjacency.ts';
import { FlowWeaverError } from '../model/errors.ts';
import type { Task } from '../model/Task.ts';

/** The direct downstream tasks of a branch that its decision leaves out, and a note for each. */
export interface BranchSkips {
  skip: number[];
  message: string;
}

/**
 * Reads a branch task's result (a name, an array of names, or `null`/`undefined` for none) against
 * its direct downstream tasks. Throws `E_BAD_BRANCH` when the result is of another type or names a
 * task that is not directly downstream of it.
 */
export function branchSkips(
  i: number,
  value: unknown,
  tasks: readonly Task[],
  downstream: CompactAdjacency,
): BranchSkips {
  const name = tasks[i]!.name;
  const direct: number[] = [];
  for (let k = downstream.start[i]!; k < downstream.start[i + 1]!; k++)
    direct.push(downstream.list[k]!);
  const directNames = direct.map((d) => tasks[d]!.name);
  const chosen = branchNames(name, value);
  const unknown = chosen.filter((c) => !directNames.includes(c));
  if (unknown.length > 0) {
    const offered = directNames.length > 0 ? directNames.map(quote).join(', ') : 'none';
    throw new FlowWeaverError(
      'E_BAD_BRANCH',
      `Branch task "${name}" chose ${unknown.map(quote).join(', ')}, which ${unknown.length === 1 ? 'is not a task' : 'are not tasks'} directly downstream of it (its direct downstream tasks: ${offered})`,
    );
  }
  const which = chosen.length > 0 ? chosen.map(quote).join(', ') : 'none';
  return {
    skip: direct.filter((d) => !chosen.includes(tasks[d]!.name)),
    message: `Not chosen by branch task "${name}" (it chose ${which})`,
  };
}

function branchNames(name: string, value: unknown): string[] {
  if (value === null || value === undefined) return [];
  if (typeof value === 'string') return [value];
  if (Array.isArray(value) && value.every((v) => typeof v === 'string')) return value as string[];
  throw new FlowWeaverError(
    'E_BAD_BRANCH',
    `Branch task "${name}" returned ${describe(value)}: a branch task returns the name of a direct downstream task, an array of names, or null to run none of them`,
  );
}

/** Every task downstream of `i` (transitively), each once, nearest first. */
export function descendants(i: number, downstream: CompactAdjacency): number[] {
  const seen = new Set<number>([i]);
  const out: number[] = [];
  for (let head = -1; head < out.length; head++) {
    const v = head < 0 ? i : out[head]!;
    for (let k = downstream.start[v]!; k < downstream.start[v + 1]!; k++) {
      const d = downstream.list[k]!;
      if (seen.has(d)) continue;
      seen.add(d);
      out.push(d);
    }
  }
  return out;
}

/** The note on tasks a short circuit skipped. */
export function shortCircuitMessage(name: string, value: unknown): string {
  return `Short-circuited by "${name}", which returned ${describe(value)}`;
}

function quote(name: string): string {
  return JSON.stringify(name);
}

function describe(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (typeof value === 'bigint') return `${value}n`;
  try {
    const text = JSON.stringify(value) ?? String(value);
    return text.length > 80 ? `${text.slice(0, 77)}...` : text;
  } catch {
    return String(value);
  }
}
