// The custom properties of the app's themes, read from a style sheet's text (for tests that check
// colours without a browser).

/** The custom properties declared in the rule for `selector` (its first occurrence). */
export function cssVariables(css: string, selector: string): Map<string, string> {
  const start = css.indexOf(`${selector} {`);
  if (start < 0) throw new Error(`No rule for ${selector}`);
  const body = css.slice(start, css.indexOf('}', start));
  return new Map([...body.matchAll(/(--[\w-]+):\s*([^;]+);/g)].map((m) => [m[1]!, m[2]!.trim()]));
}

/** The variables in force in the light theme (`:root`) and the dark one (`:root` overridden). */
export function themeVariables(css: string): {
  light: Map<string, string>;
  dark: Map<string, string>;
} {
  const light = cssVariables(css, ':root');
  return { light, dark: new Map([...light, ...cssVariables(css, ":root[data-theme='dark']")]) };
}

/** A colour with every `var(--name)` replaced by its value in `vars` (followed through). */
export function resolveColor(value: string, vars: ReadonlyMap<string, string>): string {
  let text = value;
  for (let depth = 0; depth < 8 && text.includes('var('); depth++) {
    text = text.replace(/var\((--[\w-]+)\)/g, (_, name: string) => {
      const found = vars.get(name);
      if (found === undefined) throw new Error(`Undefined ${name}`);
      return found;
    });
  }
  return text;
}
