import { describe, expect, it } from 'vitest';
import type { WorkflowDocument } from '../../engine/index.ts';
import { codeFingerprint } from './fingerprint.ts';
import { NETWORK_ANY, NETWORK_OFF } from './networkPolicy.ts';
import {
  approveReview,
  cancelReview,
  confirmRunAllowed,
  keepApprovalAfterEdit,
  needsReview,
  useRunReview,
} from './runReview.ts';
import { copyTrust, markAdded, setTrust, trustOf } from './trustRecords.ts';

const doc = (id: string, code = 'return 1;'): WorkflowDocument => ({
  format: 'flowweaver.workflow',
  version: 2,
  id,
  name: id,
  tasks: [{ name: 'a', code, dependsOn: [] }],
});

describe('the review before a run', () => {
  it('never asks for a workflow made here', async () => {
    await expect(confirmRunAllowed(doc('local-1'))).resolves.toBe(true);
    expect(useRunReview.getState().pending).toBeNull();
  });

  it('asks for a workflow from a file; Cancel runs nothing and records nothing', async () => {
    markAdded('import-1', 'import');
    const answer = confirmRunAllowed(doc('import-1'));
    expect(useRunReview.getState().pending?.source).toBe('import');
    expect(useRunReview.getState().pending?.network).toEqual(NETWORK_OFF);
    cancelReview();
    await expect(answer).resolves.toBe(false);
    expect(trustOf('import-1').approvedFingerprint).toBeUndefined();
    expect(needsReview(doc('import-1'))).toBe(true);
  });

  it('Run records the approval and the network chosen; the same code does not ask again', async () => {
    markAdded('link-1', 'link');
    const answer = confirmRunAllowed(doc('link-1'));
    approveReview(NETWORK_ANY);
    await expect(answer).resolves.toBe(true);
    expect(trustOf('link-1')).toEqual({
      source: 'link',
      network: NETWORK_ANY,
      approvedFingerprint: codeFingerprint(doc('link-1')),
    });
    await expect(confirmRunAllowed(doc('link-1'))).resolves.toBe(true);
    // Other code under the same id asks again.
    expect(needsReview(doc('link-1', 'return 2;'))).toBe(true);
  });

  it('a second request answers the first one "no"', async () => {
    markAdded('import-2', 'import');
    const first = confirmRunAllowed(doc('import-2'));
    const second = confirmRunAllowed(doc('import-2'));
    await expect(first).resolves.toBe(false);
    cancelReview();
    await expect(second).resolves.toBe(false);
  });

  it("the user's own edits keep the approval; an unapproved or foreign change does not", () => {
    const approved = doc('import-3');
    setTrust('import-3', {
      source: 'import',
      network: NETWORK_OFF,
      approvedFingerprint: codeFingerprint(approved),
    });
    const edited = doc('import-3', 'return 2;');
    keepApprovalAfterEdit(approved, edited);
    expect(needsReview(edited)).toBe(false);
    // Undo back to the first code is an edit too.
    keepApprovalAfterEdit(edited, approved);
    expect(needsReview(approved)).toBe(false);

    // From code that was not the approved one, nothing follows.
    const other = doc('import-3', 'stealData();');
    keepApprovalAfterEdit(other, doc('import-3', 'stealData(); // more'));
    expect(needsReview(doc('import-3', 'stealData(); // more'))).toBe(true);
    // Nor across workflows.
    markAdded('import-4', 'import');
    keepApprovalAfterEdit(approved, doc('import-4'));
    expect(needsReview(doc('import-4'))).toBe(true);
  });

  it('a duplicate keeps where the original came from', () => {
    markAdded('link-2', 'link');
    copyTrust('link-2', 'link-2-copy');
    expect(trustOf('link-2-copy')).toEqual({ source: 'link', network: NETWORK_OFF });
    copyTrust('never-recorded', 'copy-of-local');
    expect(trustOf('copy-of-local').source).toBe('local');
  });
});
