// Validation problems of the open workflow: derived from the document, never stored.
import {
  safeParseWorkflowDocument,
  type ValidationIssue,
  type WorkflowDocument,
} from '../../engine/index.ts';
import type { AppState } from '../store/appStore.ts';

const cache = new WeakMap<WorkflowDocument, readonly ValidationIssue[]>();
const NONE: readonly ValidationIssue[] = [];

/** Every problem the engine finds in a document (same object for the same document). */
export function diagnose(doc: WorkflowDocument): readonly ValidationIssue[] {
  let issues = cache.get(doc);
  if (!issues) {
    const result = safeParseWorkflowDocument(doc);
    issues = result.ok ? NONE : result.issues;
    cache.set(doc, issues);
  }
  return issues;
}

/**
 * Records that `doc` was just validated whole and found valid (an import), so the checklist and
 * the Run button do not validate thousands of tasks again in the render that shows it.
 */
export function markValid(doc: WorkflowDocument): void {
  cache.set(doc, NONE);
}

/** Every validation problem of the open workflow. */
export const selectDiagnostics = (s: AppState) => diagnose(s.document);

/** What stops a run: the workflow's validation problems (empty when it may run). */
export const selectRunBlockers = (s: AppState): readonly ValidationIssue[] =>
  s.document.tasks.length === 0
    ? [{ code: 'E_EMPTY', message: 'The workflow has no tasks' }]
    : diagnose(s.document);
