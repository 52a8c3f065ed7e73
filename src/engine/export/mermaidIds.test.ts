import { describe, expect, it } from 'vitest';
import { escapeMermaidLabel, mermaidNodeId } from './mermaidIds.ts';
import { HOSTILE_NAMES } from './mermaidTestFixtures.ts';

describe('escapeMermaidLabel', () => {
  it.each(HOSTILE_NAMES)('%s', (_case, name, expected) => {
    expect(escapeMermaidLabel(name)).toBe(expected);
  });

  it('returns plain names unchanged', () => {
    const name = 'load_users-v2.1 (daily)';
    expect(escapeMermaidLabel(name)).toBe(name);
  });

  it('never leaves a quote, angle bracket, backtick, percent or newline in the label', () => {
    for (const [, name] of HOSTILE_NAMES) {
      expect(escapeMermaidLabel(name)).not.toMatch(/["<>`%\n\r]/);
    }
  });

  it('turns other control characters and line separators into safe text', () => {
    expect(escapeMermaidLabel('a\u0000b\u007fc\u2028d')).toBe('a#65533;b#65533;c d');
  });
});

describe('mermaidNodeId', () => {
  it('numbers nodes by insertion index, never as a reserved word', () => {
    expect([0, 1, 42].map(mermaidNodeId)).toEqual(['t0', 't1', 't42']);
  });
});
