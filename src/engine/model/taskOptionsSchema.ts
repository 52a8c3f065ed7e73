// The one definition of what a valid task option is, shared by documents and `addTask`.
import './zodSetup.ts';
import { RE2JS } from 're2js';
import { z } from 'zod';
import type { ValidationIssue } from './errors.ts';
import { Backoff, TriggerRule } from './status.ts';
import { PARAM_NAME_PATTERN } from './params.ts';

const nonNegativeMs = z.number().finite().nonnegative();

/**
 * Why `source` is not a regular expression that matches in linear time (RE2 syntax, as `retryIf`
 * uses: no lookaround or backreferences), or undefined when it is one.
 */
export function regexProblem(source: string): string | undefined {
  try {
    RE2JS.compile(source);
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
}

/** `retryIf` as documents carry it: error names and/or a message pattern (checked here). */
const retryConditionSchema = z.strictObject({
  errorName: z.array(z.string()).optional(),
  messagePattern: z
    .string()
    .superRefine((source, ctx) => {
      const problem = regexProblem(source);
      if (problem !== undefined)
        ctx.addIssue({ code: 'custom', message: `not a valid regular expression: ${problem}` });
    })
    .optional(),
});

/** Shape of the serialisable task options (what documents carry on each task entry). */
export const portableTaskOptionsShape = {
  retries: z.int().nonnegative().optional(),
  retryDelayMs: nonNegativeMs.optional(),
  backoff: z.enum([Backoff.Fixed, Backoff.Exponential]).optional(),
  maxRetryDelayMs: nonNegativeMs.optional(),
  jitter: z.boolean().optional(),
  timeoutMs: z.number().finite().positive().optional(),
  triggerRule: z.enum(Object.values(TriggerRule) as [TriggerRule, ...TriggerRule[]]).optional(),
  description: z.string().optional(),
  branch: z.boolean().optional(),
  shortCircuit: z.boolean().optional(),
  retryIf: retryConditionSchema.optional(),
  secrets: z
    .array(
      z
        .string()
        .regex(
          PARAM_NAME_PATTERN,
          'a secret name must be letters, digits or _, not starting with a digit',
        ),
    )
    .optional(),
  mapOver: z.string().min(1).optional(),
};

const callback = z.custom<(...args: never[]) => unknown>((v) => typeof v === 'function', {
  message: 'Expected a function',
});

/** Every task option, callbacks included; unknown keys are refused so typos surface. */
export const taskOptionsSchema = z.strictObject({
  ...portableTaskOptionsShape,
  onStatusChange: callback.optional(),
  onRetry: callback.optional(),
});

/** Names of the task options (the keys of `TaskOptions`). */
export const TASK_OPTION_KEYS: ReadonlySet<string> = new Set(Object.keys(taskOptionsSchema.shape));

/**
 * Checks a task's options; returns one `E_BAD_OPTION` issue per problem. Empty option objects
 * skip the schema entirely, which keeps building 100,000 plain tasks cheap.
 */
export function checkTaskOptions(taskName: string, options: object): ValidationIssue[] {
  let empty = true;
  for (const key in options) {
    if ((options as Record<string, unknown>)[key] !== undefined) {
      empty = false;
      break;
    }
  }
  if (empty) return [];
  const parsed = taskOptionsSchema.safeParse(stripUndefined(options));
  if (parsed.success) {
    if (parsed.data.mapOver !== undefined && (parsed.data.branch || parsed.data.shortCircuit)) {
      const message = `Task "${taskName}": a mapped task (option "mapOver") cannot be a branch or short-circuit task: its instances would decide its downstream tasks each on their own`;
      return [{ code: 'E_BAD_OPTION', task: taskName, message }];
    }
    if (!(parsed.data.branch && parsed.data.shortCircuit)) return [];
    const message = `Task "${taskName}": options "branch" and "shortCircuit" cannot both be set: a branch task chooses its downstream tasks, a short-circuit task runs all or none`;
    return [{ code: 'E_BAD_OPTION', task: taskName, message }];
  }
  return parsed.error.issues.map((issue) => ({
    code: 'E_BAD_OPTION',
    task: taskName,
    message: `Task "${taskName}": option ${describePath(issue.path, issue)}: ${issue.message}`,
  }));
}

/** Names the option an issue is about (`unrecognized_keys` issues sit on the object itself). */
export function describePath(
  path: readonly PropertyKey[],
  issue: { code: string; keys?: string[] },
): string {
  if (issue.code === 'unrecognized_keys' && issue.keys)
    return issue.keys.map((k) => `"${k}"`).join(', ');
  return path.length > 0 ? `"${path.map(String).join('.')}"` : '(options)';
}

// exactOptionalPropertyTypes lets `{ retries: undefined }` through the types; treat it as absent.
// A `retryIf` predicate (API form) needs no checking beyond being a function: it is left out, so
// the schema checks the document form only.
function stripUndefined(options: object): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(options))
    if (v !== undefined && !(k === 'retryIf' && typeof v === 'function')) out[k] = v;
  return out;
}
