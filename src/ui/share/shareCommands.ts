// Share links: create one for the open workflow; open one only after the user agrees.
import { DOCUMENT_LIMITS, safeParseWorkflowDocument } from '../../engine/index.ts';
import { withLayout } from '../layout/documentLayout.ts';
import { addAndOpen } from '../persistence/workflowCommands.ts';
import { useAppStore } from '../store/appStore.ts';
import { copyOnce, linkOrigin } from '../workflows/copies.ts';
import {
  decodeSharePayload,
  encodeSharePayload,
  sharePayloadOf,
  sharePayloadProblem,
  shareUrl,
} from './shareLink.ts';

/** Builds the link, copies it when the clipboard allows, and returns it. */
export async function createShareLink(): Promise<string> {
  const { document: open, layoutDirection } = useAppStore.getState();
  const doc = withLayout(open, layoutDirection);
  const url = shareUrl(window.location.href, await encodeSharePayload(doc));
  let copied = false;
  try {
    await navigator.clipboard.writeText(url);
    copied = true;
  } catch {
    copied = false;
  }
  useAppStore.setState({ shareLink: url });
  useAppStore.getState().showToast({
    kind: 'info',
    message: copied
      ? 'Share link copied to the clipboard.'
      : 'Share link ready: copy it from the dialog.',
  });
  return url;
}

/** Reads `#share=…` from the address; shows what it holds and waits for consent. */
export async function openShareLinkFromLocation(): Promise<void> {
  const payload = sharePayloadOf(window.location.hash);
  if (payload === null) return;
  history.replaceState(null, '', window.location.pathname + window.location.search);
  let value: unknown;
  try {
    value = await decodeSharePayload(payload);
  } catch (error) {
    useAppStore.setState({
      incomingShare: { document: null, problems: [sharePayloadProblem(error)] },
    });
    return;
  }
  const result = safeParseWorkflowDocument(value, { limits: DOCUMENT_LIMITS });
  if (!result.ok) {
    useAppStore.setState({
      incomingShare: { document: null, problems: result.issues.map((i) => i.message) },
    });
    return;
  }
  // A link opened again offers the copy made from it before; another copy asks for consent.
  const shared = result.document;
  await copyOnce(linkOrigin(shared), shared.name, async () =>
    useAppStore.setState({ incomingShare: { document: shared, problems: [] } }),
  );
}

export async function acceptShare(): Promise<void> {
  const share = useAppStore.getState().incomingShare;
  useAppStore.setState({ incomingShare: null });
  if (share?.document) {
    await addAndOpen(share.document, { source: 'link', origin: linkOrigin(share.document) });
  }
}

export function declineShare(): void {
  useAppStore.setState({ incomingShare: null });
}
