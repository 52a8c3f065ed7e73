import { describe, expect, it } from 'vitest';
import { safeParseWorkflowDocument } from '../../engine/index.ts';
import { EXAMPLES, SEED_EXAMPLES } from './index.ts';

describe('built-in examples', () => {
  it('are the seven from the seed (what a first start saves), branching, parameters and fan out, with unique ids', () => {
    expect(SEED_EXAMPLES).toHaveLength(7);
    expect(EXAMPLES.map((e) => e.document.name).slice(7)).toEqual([
      'Branching',
      'Parameters',
      'Fan out over files',
    ]);
    expect(new Set(EXAMPLES.map((e) => e.document.id)).size).toBe(10);
  });

  it.each(EXAMPLES.map((e) => [e.document.name, e] as const))(
    '%s is a valid document with a description',
    (_name, example) => {
      expect(safeParseWorkflowDocument(example.document)).toMatchObject({ ok: true });
      expect(example.document.description).toBeTruthy();
    },
  );
});
