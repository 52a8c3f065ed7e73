import { useShallow } from 'zustand/react/shallow';
import { ExamplesGallery } from '../examples/ExamplesGallery.tsx';
import { ImportProblems } from '../io/ImportProblems.tsx';
import { CommandPalette } from '../palette/CommandPalette.tsx';
import { ShareDialogs } from '../share/ShareDialogs.tsx';
import { RunReviewDialog } from '../trust/RunReviewDialog.tsx';
import { RunParamsDialog } from '../runInputs/RunParamsDialog.tsx';
import { SecretsDialog } from '../runInputs/SecretsDialog.tsx';
import { useAppStore, type AppState } from '../store/appStore.ts';
import { CopyPrompt } from '../workflows/CopyPrompt.tsx';
import { WorkflowList } from '../workflows/WorkflowList.tsx';
import { ShortcutSheet } from './ShortcutSheet.tsx';

const selectDialog = (s: AppState) => ({ dialog: s.dialog });
const close = () => useAppStore.getState().setDialog('none');

/** Whichever modal is open. */
export function Dialogs() {
  const { dialog } = useAppStore(useShallow(selectDialog));
  return (
    <>
      {dialog === 'shortcuts' && <ShortcutSheet onClose={close} />}
      {dialog === 'workflows' && <WorkflowList onClose={close} />}
      {dialog === 'examples' && <ExamplesGallery onClose={close} />}
      {dialog === 'palette' && <CommandPalette key="search" mode="search" onClose={close} />}
      {dialog === 'connect' && <CommandPalette key="connect" mode="connect" onClose={close} />}
      <ImportProblems />
      <ShareDialogs />
      <CopyPrompt />
      <RunReviewDialog />
      <RunParamsDialog />
      <SecretsDialog />
    </>
  );
}
