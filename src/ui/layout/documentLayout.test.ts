import { describe, expect, it } from 'vitest';
import type { WorkflowDocument } from '../../engine/index.ts';
import { takeLayout, withLayout } from './documentLayout.ts';

const doc: WorkflowDocument = {
  format: 'flowweaver.workflow',
  version: 2,
  id: 'w',
  name: 'W',
  tasks: [],
};

describe('documentLayout', () => {
  it('writes the direction when left-right, and nothing for top-down', () => {
    expect(withLayout(doc, 'LR')).toEqual({ ...doc, layout: { direction: 'LR' } });
    expect(withLayout({ ...doc, layout: { direction: 'LR' } }, 'TD')).toEqual(doc);
    expect(withLayout(doc, 'TD')).not.toHaveProperty('layout');
  });

  it('takes the direction out of a document, leaving the rest as it was', () => {
    expect(takeLayout({ ...doc, layout: { direction: 'LR' } })).toEqual({
      document: doc,
      direction: 'LR',
    });
    const plain = takeLayout(doc);
    expect(plain.document).toBe(doc);
    expect(plain.direction).toBeUndefined();
  });
});
