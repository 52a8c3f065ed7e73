// Completion for code tasks: upstream results, the task scope (inputs, ctx, signal, log) and ctx's fields.
import type { Completion, CompletionContext, CompletionResult } from '@codemirror/autocomplete';
import { CODE_TASK_SCOPE, isScopeIdentifier } from '../../engine/index.ts';

const SCOPE_INFO: Record<string, string> = {
  inputs: 'results of direct upstream tasks, by name',
  ctx: 'run context: signal, attempt, runId, taskName, log',
  signal: 'AbortSignal: fires on cancel or timeout',
  log: 'log(...args): a line in the task log',
  console: 'console.* lines are captured into the task log',
};

const CTX_FIELDS: Completion[] = ['signal', 'attempt', 'runId', 'taskName', 'log'].map((label) => ({
  label,
  type: 'property',
}));

/** What a mapped task's code reads besides the usual scope (the engine's MAP_SCOPE). */
const MAP_INFO: Record<string, string> = {
  item: "this instance's item of the array the task maps over",
  index: "the item's position in that array (0-based)",
};

/**
 * The completion options for a task with the given upstream names; a mapped task also gets
 * `item` and `index`. Pure.
 */
export function completionOptions(upstream: readonly string[], mapped = false): Completion[] {
  const names: Completion[] = upstream.map((name) =>
    isScopeIdentifier(name)
      ? { label: name, type: 'variable', detail: 'upstream result', boost: 2 }
      : {
          label: `inputs[${JSON.stringify(name)}]`,
          type: 'variable',
          detail: 'upstream result',
          boost: 2,
        },
  );
  const scope: Completion[] = CODE_TASK_SCOPE.map((label) => ({
    label,
    type: label === 'log' ? 'function' : 'variable',
    info: SCOPE_INFO[label] ?? '',
    boost: 1,
  }));
  const map: Completion[] = mapped
    ? Object.entries(MAP_INFO).map(([label, info]) => ({
        label,
        type: 'variable',
        info,
        boost: 3,
      }))
    : [];
  return [...map, ...names, ...scope];
}

/**
 * A CodeMirror completion source reading the upstream names (and whether the task is mapped)
 * through a getter, since they change.
 */
export function taskCompletionSource(
  getUpstream: () => readonly string[],
  isMapped: () => boolean = () => false,
) {
  return (context: CompletionContext): CompletionResult | null => {
    const member = context.matchBefore(/ctx\.[\w$]*/);
    if (member) return { from: member.from + 4, options: CTX_FIELDS, validFor: /^[\w$]*$/ };
    const word = context.matchBefore(/[\w$]+/);
    if (!word && !context.explicit) return null;
    return {
      from: word ? word.from : context.pos,
      options: completionOptions(getUpstream(), isMapped()),
      validFor: /^[\w$]*$/,
    };
  };
}
