// The layout direction in a workflow file or link: written on the way out, taken on the way in.
import type { WorkflowDocument } from '../../engine/index.ts';
import type { LayoutDirection } from '../store/uiSlice.ts';

/**
 * The document as a file or a share link carries it: with `layout.direction` when it is laid out
 * left-right (top-down is what a document without the field means, so it is left out).
 */
export function withLayout(doc: WorkflowDocument, direction: LayoutDirection): WorkflowDocument {
  const { layout: _written, ...rest } = doc;
  return direction === 'TD' ? rest : { ...rest, layout: { direction } };
}

/**
 * A document from a file or a link, split into what is saved (without `layout`: the app keeps the
 * direction with the saved workflow, where the direction button changes it) and its direction.
 */
export function takeLayout(doc: WorkflowDocument): {
  document: WorkflowDocument;
  direction: LayoutDirection | undefined;
} {
  if (doc.layout === undefined) return { document: doc, direction: undefined };
  const { layout, ...rest } = doc;
  return { document: rest, direction: layout.direction };
}
