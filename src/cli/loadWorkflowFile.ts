import { readFile } from 'node:fs/promises';
import { Workflow, WorkflowValidationError, type ValidationIssue } from '../engine/index.ts';
import { CliError, ExitCode } from './exitCodes.ts';

/** The outcome of reading and validating a workflow file: the workflow, or every problem. */
export type LoadedWorkflow =
  { ok: true; workflow: Workflow } | { ok: false; issues: ValidationIssue[] };

/** Reads a workflow document (the app's JSON export) and validates it with the engine. */
export async function loadWorkflowFile(file: string): Promise<LoadedWorkflow> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new CliError(ExitCode.InvalidInput, `Cannot read ${file}: ${(error as Error).message}`);
  }
  try {
    return { ok: true, workflow: Workflow.fromDocument(text) };
  } catch (error) {
    if (error instanceof WorkflowValidationError) return { ok: false, issues: [...error.issues] };
    throw new CliError(ExitCode.InvalidInput, `${file}: ${(error as Error).message}`);
  }
}

/** The valid workflow in a file; throws CliError(2) listing every problem otherwise. */
export async function requireWorkflowFile(file: string): Promise<Workflow> {
  const loaded = await loadWorkflowFile(file);
  if (!loaded.ok) throw new CliError(ExitCode.InvalidInput, formatIssues(file, loaded.issues));
  return loaded.workflow;
}

/** Human-readable problem list, one per line, naming the task when there is one. */
export function formatIssues(file: string, issues: readonly ValidationIssue[]): string {
  const lines = issues.map(
    (i) => `  ${i.code}${i.task !== undefined ? ` [${i.task}]` : ''}: ${i.message}`,
  );
  return `${file}: ${issues.length} problem${issues.length === 1 ? '' : 's'}\n${lines.join('\n')}`;
}
