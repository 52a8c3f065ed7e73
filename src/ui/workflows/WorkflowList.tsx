import { useState } from 'react';
import {
  createWorkflow,
  deleteForever,
  deleteWorkflow,
  duplicateWorkflow,
  openWorkflow,
  renameWorkflow,
  restoreWorkflow,
} from '../persistence/workflowCommands.ts';
import { Modal } from '../shell/Modal.tsx';
import { useAppStore, type AppState } from '../store/appStore.ts';
import type { DeletedWorkflowSummary, WorkflowSummary } from '../persistence/workflowRepository.ts';

const selectSaved = (s: AppState) => s.savedWorkflows;
const selectDeleted = (s: AppState) => s.deletedWorkflows;
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
      data-workflow-id={wf.id}
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
          title="Move to Recently deleted"
          onClick={() => void deleteWorkflow(wf.id)}
        >
          Delete
        </button>
      </div>
    </li>
  );
}

function DeletedRow({ wf }: { wf: DeletedWorkflowSummary }) {
  return (
    <li
      className="wf-row"
      data-testid="deleted-row"
      data-workflow-name={wf.name}
      data-workflow-id={wf.id}
    >
      <div className="wf-row__name">
        <strong>{wf.name}</strong>
        <span className="panel__hint">
          {wf.taskCount} tasks · deleted {new Date(wf.deletedAt).toLocaleString()}
        </span>
      </div>
      <div className="wf-row__actions">
        <button
          type="button"
          aria-label={`Restore ${wf.name}`}
          onClick={() => void restoreWorkflow(wf.id)}
        >
          Restore
        </button>
        <button
          type="button"
          aria-label={`Delete ${wf.name} forever`}
          onClick={() => void deleteForever([wf.id])}
        >
          Delete forever
        </button>
      </div>
    </li>
  );
}

/** Deleted workflows, restorable until deleted for good or expired. */
function RecentlyDeleted() {
  const deleted = useAppStore(selectDeleted);
  const [confirming, setConfirming] = useState(false);
  const count = deleted.length;
  return (
    <section className="wf-deleted" aria-label="Recently deleted">
      <div className="wf-deleted__header">
        <h3>Recently deleted</h3>
        {confirming ? (
          <div className="wf-row__actions">
            <span>
              Delete {count} {count === 1 ? 'workflow' : 'workflows'} forever?
            </span>
            <button
              type="button"
              className="danger"
              onClick={() => {
                setConfirming(false);
                void deleteForever();
              }}
            >
              Delete forever
            </button>
            <button type="button" onClick={() => setConfirming(false)}>
              Cancel
            </button>
          </div>
        ) : (
          <button type="button" disabled={count === 0} onClick={() => setConfirming(true)}>
            Empty
          </button>
        )}
      </div>
      <p className="panel__hint">
        A deleted workflow stays here, in this browser, for 30 days (the last 50 stay longer) until
        you restore it or delete it forever.
      </p>
      {count === 0 ? (
        <p className="panel__hint">Nothing deleted recently.</p>
      ) : (
        <ul className="wf-list">
          {deleted.map((wf) => (
            <DeletedRow key={wf.id} wf={wf} />
          ))}
        </ul>
      )}
    </section>
  );
}

/** Saved workflows: open, new, rename, duplicate, delete (with Undo); Recently deleted. */
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
      <RecentlyDeleted />
    </Modal>
  );
}
