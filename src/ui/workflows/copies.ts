// Copies of examples and share links remember where they came from (the workflow record's
// `origin`), so opening the same example or link again offers the copy already made instead of
// piling up identical workflows with the same name.
import type { WorkflowDocument } from '../../engine/index.ts';
import { openWorkflow, refreshWorkflowList } from '../persistence/workflowCommands.ts';
import { useAppStore } from '../store/appStore.ts';
import { sha256Hex } from '../trust/fingerprint.ts';

/** The origin of a copy of a built-in example. */
export function exampleOrigin(exampleId: string): string {
  return `example:${exampleId}`;
}

/** The origin of a workflow added from a share link: a hash of the workflow the link holds. */
export function linkOrigin(doc: WorkflowDocument): string {
  return `link:${sha256Hex(new TextEncoder().encode(JSON.stringify(doc)))}`;
}

/**
 * Makes a copy with `makeCopy`, unless one from the same `origin` is saved already: then asks
 * whether to open that copy (the most recently saved one) or make another.
 */
export async function copyOnce(
  origin: string,
  name: string,
  makeCopy: () => Promise<unknown>,
): Promise<void> {
  await refreshWorkflowList(); // another tab may have made or deleted a copy
  const copy = useAppStore.getState().savedWorkflows.find((w) => w.origin === origin);
  if (!copy) {
    await makeCopy();
    return;
  }
  useAppStore.setState({
    copyPrompt: { name, copy, makeAnother: () => void makeCopy() },
  });
}

/** "Open the copy you made". */
export async function openPromptedCopy(): Promise<void> {
  const prompt = useAppStore.getState().copyPrompt;
  useAppStore.setState({ copyPrompt: null });
  if (prompt) await openWorkflow(prompt.copy.id);
}

/** "Make another copy". */
export function makeAnotherCopy(): void {
  const prompt = useAppStore.getState().copyPrompt;
  useAppStore.setState({ copyPrompt: null });
  prompt?.makeAnother();
}

/** Closes the question without opening or copying anything. */
export function dismissCopyPrompt(): void {
  useAppStore.setState({ copyPrompt: null });
}
