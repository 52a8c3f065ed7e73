import { describe, expect, it } from 'vitest';
import { completionOptions } from './codeCompletion.ts';

describe('code task completion', () => {
  it('offers item and index only in a mapped task', () => {
    const labels = (mapped: boolean) => completionOptions(['list'], mapped).map((c) => c.label);
    expect(labels(true)).toEqual(expect.arrayContaining(['item', 'index', 'list', 'inputs']));
    expect(labels(false)).not.toContain('item');
    expect(labels(false)).not.toContain('index');
  });
});
