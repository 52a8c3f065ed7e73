import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { contrastRatio, parseColor } from './contrast.ts';
import { themeVariables } from './cssVariables.ts';

const css = readFileSync(new URL('../app.css', import.meta.url), 'utf8');

/** The declarations of the rule for `selector` in app.css. */
function rule(selector: string): string {
  const start = css.indexOf(`\n${selector} {`);
  expect(start, `rule ${selector}`).toBeGreaterThanOrEqual(0);
  return css.slice(start, css.indexOf('}', start));
}

describe('contrastRatio', () => {
  it('is 21 for black on white, 1 for a colour on itself, and symmetric', () => {
    expect(contrastRatio('#000', '#ffffff')).toBeCloseTo(21, 5);
    expect(contrastRatio('rgb(31, 111, 235)', '#1f6feb')).toBe(1);
    expect(contrastRatio('#767676', '#fff')).toBeCloseTo(4.54, 2);
    expect(contrastRatio('#fff', '#767676')).toBe(contrastRatio('#767676', '#fff'));
  });

  it('refuses a colour it cannot read as opaque', () => {
    expect(() => parseColor('rgba(0, 0, 0, 0.5)')).toThrow(/opaque/);
    expect(() => parseColor('var(--x)')).toThrow();
  });
});

describe('edge colours of both themes', () => {
  const { light, dark } = themeVariables(css);

  it('draw edges and the canvas from the variables checked here', () => {
    expect(rule('.react-flow')).toContain('--xy-background-color: var(--bg)');
    expect(rule('.react-flow__edge-path.run-edge')).toContain('stroke: var(--edge-stroke);');
    expect(rule('.react-flow__arrowhead polyline.arrowclosed')).toContain('context-stroke');
  });

  for (const [theme, vars] of [
    ['light', light],
    ['dark', dark],
  ] as const) {
    it(`pass 3:1 against the ${theme} canvas, at rest, hovered and selected`, () => {
      for (const name of ['--edge-stroke', '--edge-stroke-hover', '--edge-stroke-selected']) {
        expect(vars.get(name), name).toBeDefined();
        const ratio = contrastRatio(vars.get(name)!, vars.get('--bg')!);
        expect(
          ratio,
          `${theme} ${name} ${vars.get(name)} on ${vars.get('--bg')}`,
        ).toBeGreaterThanOrEqual(3);
      }
    });
  }
});
