// Limits on what a workflow document from outside may hold (a file, a share link): checked on the
// raw JSON before the full validation, in one pass, so an oversized document costs milliseconds to
// refuse and never reaches an editor, a canvas or a store. The engine's own API has no limits.
import type { ValidationIssue } from './errors.ts';

/** What a document taken in from a file or a link may hold. */
export interface DocumentLimits {
  /** JSON text, in bytes: a file's size, or a share link's payload once decompressed. */
  maxBytes: number;
  /** Tasks. */
  maxTasks: number;
  /** `dependsOn` entries, counted over all tasks (repeats included). */
  maxEdges: number;
  /** Characters of one task's code. */
  maxTaskCodeChars: number;
  /** Characters of code over all tasks. */
  maxTotalCodeChars: number;
}

/**
 * The app's limits on an imported file or a share link: four times the biggest graph the app is
 * measured with (5,000 tasks open, edit and run in its benchmarks), and far above any hand-made
 * workflow; a document beyond them is refused with a message saying which limit.
 */
export const DOCUMENT_LIMITS: Readonly<DocumentLimits> = Object.freeze({
  maxBytes: 10 * 1024 * 1024,
  maxTasks: 20_000,
  maxEdges: 100_000,
  maxTaskCodeChars: 100_000,
  maxTotalCodeChars: 5_000_000,
});

/** The code of every issue about a limit. */
const E_LIMIT = 'E_LIMIT';

/** Limit issues about single tasks listed before the rest are summed up. */
const MAX_TASK_ISSUES = 5;

const count = (n: number) => n.toLocaleString('en-US');

/** A size as the limit messages say it: `512 KB`, `10.0 MB`. */
export function formatBytes(bytes: number): string {
  if (bytes < 1024 * 1024) return `${count(Math.ceil(bytes / 1024))} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

/** The issue for a document of `bytes` bytes, or `null` when within `limits.maxBytes`. */
export function checkDocumentSize(
  bytes: number,
  limits: Readonly<DocumentLimits> = DOCUMENT_LIMITS,
): ValidationIssue | null {
  if (bytes <= limits.maxBytes) return null;
  return {
    code: E_LIMIT,
    message: `The workflow is too large: ${formatBytes(bytes)} of JSON, and FlowWeaver takes at most ${formatBytes(limits.maxBytes)} from a file or a link`,
  };
}

/**
 * Every limit a raw (parsed, not yet validated) document goes beyond: tasks, dependencies, code per
 * task and in total. Tolerates any shape (the schema reports shape problems). O(tasks).
 */
export function checkDocumentLimits(
  raw: unknown,
  limits: Readonly<DocumentLimits> = DOCUMENT_LIMITS,
): ValidationIssue[] {
  const tasks = (raw as { tasks?: unknown } | null)?.tasks;
  if (!Array.isArray(tasks)) return [];
  const issues: ValidationIssue[] = [];
  if (tasks.length > limits.maxTasks) {
    issues.push({
      code: E_LIMIT,
      message: `The workflow has too many tasks: ${count(tasks.length)}, and FlowWeaver takes at most ${count(limits.maxTasks)} from a file or a link`,
    });
  }
  let edges = 0;
  let most: { name: string; deps: number } | undefined;
  let code = 0;
  const longCode: ValidationIssue[] = [];
  let longCodeCount = 0;
  tasks.forEach((t: unknown, i) => {
    if (typeof t !== 'object' || t === null) return;
    const { name, dependsOn, code: body } = t as Record<string, unknown>;
    const label = typeof name === 'string' ? `Task "${name.slice(0, 80)}"` : `Task #${i + 1}`;
    if (Array.isArray(dependsOn)) {
      edges += dependsOn.length;
      if (!most || dependsOn.length > most.deps) most = { name: label, deps: dependsOn.length };
    }
    if (typeof body === 'string') {
      code += body.length;
      if (body.length > limits.maxTaskCodeChars && longCodeCount++ < MAX_TASK_ISSUES) {
        longCode.push({
          code: E_LIMIT,
          ...(typeof name === 'string' ? { task: name } : {}),
          message: `${label} has too much code: ${count(body.length)} characters, and a task may have at most ${count(limits.maxTaskCodeChars)}`,
        });
      }
    }
  });
  if (edges > limits.maxEdges) {
    const biggest = most && most.deps > 1 ? ` (${most.name} alone lists ${count(most.deps)})` : '';
    issues.push({
      code: E_LIMIT,
      message: `The workflow has too many dependencies: ${count(edges)}${biggest}, and FlowWeaver takes at most ${count(limits.maxEdges)} from a file or a link`,
    });
  }
  issues.push(...longCode);
  if (longCodeCount > MAX_TASK_ISSUES) {
    issues.push({
      code: E_LIMIT,
      message: `…and ${count(longCodeCount - MAX_TASK_ISSUES)} more tasks with more than ${count(limits.maxTaskCodeChars)} characters of code`,
    });
  }
  if (code > limits.maxTotalCodeChars) {
    issues.push({
      code: E_LIMIT,
      message: `The workflow has too much code: ${count(code)} characters in all, and FlowWeaver takes at most ${count(limits.maxTotalCodeChars)} from a file or a link`,
    });
  }
  return issues;
}
