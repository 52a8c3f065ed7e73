import { useState, useSyncExternalStore } from 'react';
import { ConfirmActions, Modal } from '../shell/Modal.tsx';
import { useAppStore, type AppState } from '../store/appStore.ts';
import { NetworkPolicyEditor } from './NetworkPolicyEditor.tsx';
import { describeNetworkPolicy, draftOf, policyOfDraft } from './networkPolicy.ts';
import {
  setTrust,
  subscribeTrust,
  trustOf,
  trustVersion,
  type TrustRecord,
} from './trustRecords.ts';
import './trust.css';

/** A workflow's trust record, read again whenever any record changes (here or in another tab). */
export function useTrustRecord(workflowId: string): TrustRecord {
  useSyncExternalStore(subscribeTrust, trustVersion);
  return trustOf(workflowId);
}

/** The network policy in force for a workflow, as a short label (for the run header). */
export function NetworkBadge({ workflowId }: { workflowId: string }) {
  const { network } = useTrustRecord(workflowId);
  return (
    <span className="network-badge" data-testid="network-badge" data-mode={network.mode}>
      {describeNetworkPolicy(network)}
    </span>
  );
}

const selectWorkflow = (s: AppState) => s.document.id;
const selectName = (s: AppState) => s.document.name;

/** The open workflow's network access: shows the policy in force; opens a dialog to change it. */
export function NetworkAccess() {
  const workflowId = useAppStore(selectWorkflow);
  const record = useTrustRecord(workflowId);
  const [open, setOpen] = useState(false);
  return (
    <>
      <button
        type="button"
        className="network-access"
        data-mode={record.network.mode}
        aria-haspopup="dialog"
        title="What this workflow's task code may reach over the network. Click to change."
        data-testid="network-access"
        onClick={() => setOpen(true)}
      >
        <span className="network-access__dot" aria-hidden="true" />
        {/* The visible policy is the button's name ("Network: any site"), so speech and sight agree. */}
        <span>{describeNetworkPolicy(record.network)}</span>
      </button>
      {open && (
        <NetworkAccessDialog
          workflowId={workflowId}
          record={record}
          onClose={() => setOpen(false)}
        />
      )}
    </>
  );
}

function NetworkAccessDialog(props: {
  workflowId: string;
  record: TrustRecord;
  onClose: () => void;
}) {
  const { workflowId, record, onClose } = props;
  const name = useAppStore(selectName);
  const [draft, setDraft] = useState(() => draftOf(record.network));
  const checked = policyOfDraft(draft);
  const save = () => {
    if (!('policy' in checked)) return;
    setTrust(workflowId, { ...trustOf(workflowId), network: checked.policy });
    onClose();
  };
  return (
    <Modal
      title="Network access"
      onClose={onClose}
      testId="network-access-dialog"
      className="modal--narrow"
      footer={
        <ConfirmActions
          confirm="Save"
          onConfirm={save}
          onCancel={onClose}
          problem={'errors' in checked ? checked.errors[0] : undefined}
        />
      }
    >
      <p className="network-access__intro">
        What the task code of <strong>{name}</strong> may reach over the network when it runs in
        this browser. It applies from the next run.
      </p>
      <NetworkPolicyEditor draft={draft} onChange={setDraft} />
    </Modal>
  );
}
