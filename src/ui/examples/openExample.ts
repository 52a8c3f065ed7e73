// "Open example" (it opens a copy) of a built-in example.
import type { WorkflowDocument } from '../../engine/index.ts';
import { addAndOpen } from '../persistence/workflowCommands.ts';
import { useAppStore } from '../store/appStore.ts';
import { copyOnce, exampleOrigin } from '../workflows/copies.ts';

/**
 * Adds a copy of an example to the user's workflows and opens it; when a copy was made before,
 * asks whether to open that one or make another.
 */
export function openExample(example: WorkflowDocument): Promise<void> {
  const origin = exampleOrigin(example.id);
  return copyOnce(origin, example.name, async () => {
    await addAndOpen(example, { origin });
    useAppStore.getState().showToast({
      kind: 'info',
      message: `Added a copy of "${example.name}" to your workflows.`,
    });
  });
}
