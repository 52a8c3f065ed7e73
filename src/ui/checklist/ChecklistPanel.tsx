import { useDeferredValue } from 'react';
import { useAppStore } from '../store/appStore.ts';
import { diagnose } from './diagnostics.ts';
import type { AppState } from '../store/appStore.ts';

const selectDocument = (s: AppState) => s.document;

/** Every validation problem; clicking one selects its task. */
export function ChecklistPanel() {
  const doc = useDeferredValue(useAppStore(selectDocument));
  const issues = diagnose(doc);
  if (issues.length === 0) {
    return (
      <p className="panel__hint" data-testid="checklist-ok">
        No problems: the workflow is ready to run.
      </p>
    );
  }
  return (
    <ul className="checklist" aria-label="Problems" data-testid="checklist">
      {issues.map((issue, i) => (
        <li key={`${issue.code}-${i}`} className="checklist__item">
          <span className="checklist__code">{issue.code}</span>{' '}
          {issue.task !== undefined && doc.tasks.some((t) => t.name === issue.task) ? (
            <button
              type="button"
              className="link-button"
              onClick={() => useAppStore.getState().setSelection(new Set([issue.task!]))}
            >
              {issue.message}
            </button>
          ) : (
            <span>{issue.message}</span>
          )}
        </li>
      ))}
    </ul>
  );
}

/** The number of problems, for the tab title. */
export function useProblemCount(): number {
  const doc = useDeferredValue(useAppStore(selectDocument));
  return diagnose(doc).length;
}
