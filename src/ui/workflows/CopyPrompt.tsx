import { useRef } from 'react';
import { Modal } from '../shell/Modal.tsx';
import { useAppStore, type AppState } from '../store/appStore.ts';
import { dismissCopyPrompt, makeAnotherCopy, openPromptedCopy } from './copies.ts';

const selectPrompt = (s: AppState) => s.copyPrompt;

/** An example or a share link opened again: open the copy made before (default), or another. */
export function CopyPrompt() {
  const prompt = useAppStore(selectPrompt);
  const openButton = useRef<HTMLButtonElement>(null);
  if (!prompt) return null;
  const { copy } = prompt;
  return (
    <Modal
      title="You already have a copy"
      onClose={dismissCopyPrompt}
      testId="copy-prompt"
      initialFocus={openButton}
      footer={
        <>
          <button type="button" onClick={makeAnotherCopy}>
            Make another copy
          </button>
          <button
            ref={openButton}
            type="button"
            className="button--primary"
            onClick={() => void openPromptedCopy()}
          >
            Open the copy you made
          </button>
        </>
      }
    >
      <p>
        You made a copy of <strong>{prompt.name}</strong> before:{' '}
        <strong data-testid="copy-name">{copy.name}</strong>, {copy.taskCount} tasks, saved{' '}
        {new Date(copy.updatedAt).toLocaleString()}. Open it to carry on where you were, or make
        another copy to start afresh.
      </p>
    </Modal>
  );
}
