import { Modal } from '../shell/Modal.tsx';
import { ProblemList } from '../shell/ProblemList.tsx';
import { useAppStore, type AppState } from '../store/appStore.ts';

const selectProblems = (s: AppState) => s.importProblems;
const close = () => useAppStore.setState({ importProblems: null });

/** Why a file was refused; the open workflow is untouched. */
export function ImportProblems() {
  const problems = useAppStore(selectProblems);
  if (!problems) return null;
  return (
    <Modal title="Import refused" onClose={close} testId="import-problems">
      <p>
        <strong>{problems.file}</strong> was not imported; nothing changed. Problems found:
      </p>
      <ProblemList messages={problems.messages} />
      <button type="button" onClick={close}>
        OK
      </button>
    </Modal>
  );
}
