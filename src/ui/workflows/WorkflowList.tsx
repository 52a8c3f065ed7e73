import { useState } from 'react';
import {
  createWorkflow,
  deleteWorkflow,
  duplicateWorkflow,
  openWorkflow,
  renameWorkflow,
} from '../persistence/workflowCommands.ts';
import { Modal } from '../shell/Modal.tsx';
import { useAppStore, type AppState } from '../store/appStore.ts';
import type { WorkflowSummary } from '../persistence/workflowRepository.ts';

const selectSaved = (s: AppState) => s.savedWorkflows;
const selectOpenId = (s: AppState) => s.document.id;

function Row({
  wf,
  isOpen,
  onClose,
}: {
  wf: WorkflowSummary;
  isOpen: boolean;
  onClose: () => void;
}) {
  const [renaming, setRenaming] = useState<string | null>(null);
  return (
    <li
      className={`wf-row${isOpen ? ' is-open' : ''}`}
      data-testid="workflow-row"
      data-workflow-name={wf.name}
    >
      {renaming === null ? (
        <div className="wf-row__name">
          <strong>{wf.name}</strong>
          <span className="panel__hint">
            {wf.taskCount} tasks · saved {new Date(wf.updatedAt).toLocaleString()}
          </span>
        </div>
      ) : (
        <form
          className="wf-row__name"
          onSubmit={(e) => {
            e.preventDefault();
            if (renaming.trim()) void renameWorkflow(wf.id, renaming.trim());
            setRenaming(null);
          }}
        >
          <input
            autoFocus
            aria-label={`New name for ${wf.name}`}
            value={renaming}
            onChange={(e) => setRenaming(e.target.value)}
          />
          <button type="submit">Save name</button>
        </form>
      )}
      <div className="wf-row__actions">
        <button
          type="button"
          aria-label={`Open ${wf.name}`}
          onClick={() => {
            onClose();
            void openWorkflow(wf.id);
          }}
        >
          Open
        </button>
        <button type="button" aria-label={`Rename ${wf.name}`} onClick={() => setRenaming(wf.name)}>
          Rename
        </button>
        <button
          type="button"
          aria-label={`Duplicate ${wf.name}`}
          onClick={() => void duplicateWorkflow(wf.id)}
        >
          Duplicate
        </button>
        <button
          type="button"
          aria-label={`Delete ${wf.name}`}
          onClick={() => void deleteWorkflow(wf.id)}
        >
          Delete
        </button>
      </div>
    </li>
  );
}

/** Saved workflows: open, new, rename, duplicate, delete (with Undo). */
export function WorkflowList({ onClose }: { onClose: () => void }) {
  const saved = useAppStore(selectSaved);
  const openId = useAppStore(selectOpenId);
  return (
    <Modal title="Workflows" onClose={onClose} testId="workflow-list">
      <button
        type="button"
        onClick={() => {
          onClose();
          void createWorkflow();
        }}
      >
        New workflow
      </button>
      <ul className="wf-list">
        {saved.map((wf) => (
          <Row key={wf.id} wf={wf} isOpen={wf.id === openId} onClose={onClose} />
        ))}
      </ul>
    </Modal>
  );
}
