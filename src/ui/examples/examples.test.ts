import { describe, expect, it } from 'vitest';
import { safeParseWorkflowDocument } from '../../engine/index.ts';
import { EXAMPLES } from './index.ts';

describe('built-in examples', () => {
  it('are the seven from the seed, with unique ids', () => {
    expect(EXAMPLES).toHaveLength(7);
    expect(new Set(EXAMPLES.map((e) => e.document.id)).size).toBe(7);
  });

  it.each(EXAMPLES.map((e) => [e.document.name, e] as const))(
    '%s is a valid document with a description',
    (_name, example) => {
      expect(safeParseWorkflowDocument(example.document)).toMatchObject({ ok: true });
      expect(example.document.description).toBeTruthy();
    },
  );
});
