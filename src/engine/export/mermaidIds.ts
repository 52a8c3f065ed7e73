// Pure text helpers for Mermaid ids and labels: never touches I/O, the DOM or mermaid.

/**
 * The synthetic Mermaid node id of the task at insertion index `index`: `t0`, `t1`, …
 * Never `end`, never starting with `o`/`x` (which Mermaid reads as edge heads after `---`),
 * and unique whatever the task names are, so `a-b` and `a_b` stay two nodes.
 */
export function mermaidNodeId(index: number): string {
  return `t${index}`;
}

// Characters written as-is inside a quoted label. Everything else in ASCII becomes an entity,
// so quotes, brackets, `#`, `;`, `%` (directives), backticks (markdown strings), `$` (`$$…$$` is
// a KaTeX formula), `:` (`fa:fa-car` is an icon) and HTML can never leave the label or be read as
// markup.
const SAFE_ASCII = new Uint8Array(128);
for (const ch of 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 _-.,!?()+*/=@^|~') {
  SAFE_ASCII[ch.charCodeAt(0)] = 1;
}
// `:` is escaped too: mermaid's `encodeEntities` drops the last `;` of any line matching
// `style.*:\S*#.*;`, which would break the entity after a name like `style:#`.

const NAMED: Readonly<Record<string, string>> = {
  '"': '#quot;',
  '<': '#lt;',
  '>': '#gt;',
  '&': '#amp;',
};

const ASCII_ENTITY: string[] = [];
for (let c = 0; c < 128; c++) {
  const ch = String.fromCharCode(c);
  if (c === 9 || c === 10 || c === 13)
    ASCII_ENTITY[c] = ' '; // labels are single-line text
  else if (c < 32 || c === 127)
    ASCII_ENTITY[c] = '#65533;'; // controls are invalid in SVG/XML
  else ASCII_ENTITY[c] = NAMED[ch] ?? `#${c};`;
}

/** Unicode line and paragraph separators: written as spaces, like newlines. */
function isUnsafeWide(code: number): boolean {
  return code === 0x2028 || code === 0x2029;
}

/**
 * Escapes a task name for use inside a double-quoted Mermaid label, using Mermaid's entity
 * codes (`#quot;`, `#lt;`, `#35;` …) so any name renders as its own text. Plain names are
 * returned unchanged without allocation; tabs and newlines become spaces; other control
 * characters become U+FFFD. Non-ASCII text (accents, emoji) passes through. Mermaid renders
 * the entities back to text in its (default) HTML labels; it turns its own placeholder
 * sequences `ﬂ°…¶ß` into entities too, so a name containing them literally shows altered, but
 * still as text: entities can never form markup.
 */
export function escapeMermaidLabel(name: string): string {
  const len = name.length;
  let i = 0;
  for (; i < len; i++) {
    const c = name.charCodeAt(i);
    if (c < 128 ? SAFE_ASCII[c] === 0 : isUnsafeWide(c)) break;
  }
  if (i === len) return name;
  let out = name.slice(0, i);
  let start = i;
  for (; i < len; i++) {
    const c = name.charCodeAt(i);
    if (c < 128) {
      if (SAFE_ASCII[c] === 1) continue;
      out += name.slice(start, i) + ASCII_ENTITY[c]!;
    } else if (isUnsafeWide(c)) {
      out += `${name.slice(start, i)} `;
    } else {
      continue;
    }
    start = i + 1;
  }
  return out + name.slice(start);
}
