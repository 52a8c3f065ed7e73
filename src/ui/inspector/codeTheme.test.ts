import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { contrastRatio } from '../theme/contrast.ts';
import { resolveColor, themeVariables } from '../theme/cssVariables.ts';
import { codeHighlightStyle } from './codeTheme.ts';

const { light, dark } = themeVariables(
  readFileSync(new URL('../app.css', import.meta.url), 'utf8'),
);

/** Every text colour the code editor's highlight style gives a token. */
const tokenColors = codeHighlightStyle.specs
  .map((spec) => spec.color as string | undefined)
  .filter((color): color is string => color !== undefined);

/** What code text is drawn on: the editor, its active line and selected text. */
const BACKGROUNDS = ['--code-bg', '--code-active-line', '--code-selection'];

describe('code editor token colours', () => {
  it('colour every kind of token it highlights', () => {
    expect(tokenColors.length).toBeGreaterThanOrEqual(10);
  });

  for (const [theme, vars] of [
    ['light', light],
    ['dark', dark],
  ] as const) {
    it(`reach 4.5:1 on the ${theme} theme's editor, active line and selection`, () => {
      const failing: string[] = [];
      for (const background of BACKGROUNDS) {
        const bg = resolveColor(`var(${background})`, vars);
        for (const color of [...tokenColors, 'var(--text)']) {
          const ratio = contrastRatio(resolveColor(color, vars), bg);
          if (ratio < 4.5) failing.push(`${color} on ${background} ${bg}: ${ratio.toFixed(2)}:1`);
        }
      }
      expect(failing).toEqual([]);
    });

    it(`keep the editor's own text at 4.5:1 in the ${theme} theme`, () => {
      // [text, background] as codeTheme.ts pairs them: gutters, tooltips, the highlighted completion.
      const pairs = [
        ['--text-muted', '--surface-2'],
        ['--text', '--code-active-line'],
        ['--text', '--surface'],
        ['--text-muted', '--surface'],
        ['--surface', '--accent-text'],
      ];
      const failing = pairs.flatMap(([text, background]) => {
        const ratio = contrastRatio(
          resolveColor(`var(${text})`, vars),
          resolveColor(`var(${background})`, vars),
        );
        return ratio < 4.5 ? [`${text} on ${background}: ${ratio.toFixed(2)}:1`] : [];
      });
      expect(failing).toEqual([]);
    });
  }
});
