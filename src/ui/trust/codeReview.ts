// Task code prepared for review, so nothing in it can hide: runs of blank lines become one marker
// that says how many, long runs of spaces likewise, and characters that are invisible, reorder
// text (bidi controls) or end a line for JavaScript but not on screen become visible escapes.
// Pure functions; the review component draws the pieces as text.

/** One piece of code as shown in a review. */
export type CodePiece =
  | { kind: 'text'; text: string }
  /** A line break as JavaScript sees it (the lines are shown broken there too). */
  | { kind: 'newline' }
  /** `count` blank lines in a row, shown as one marker. */
  | { kind: 'blank-lines'; count: number }
  /** A run of `count` spaces and tabs inside a line, shown as one marker. */
  | { kind: 'spaces'; count: number }
  /** Unusual characters in a row (code points), each shown as an escape. */
  | { kind: 'chars'; codePoints: number[] };

/** From this many blank lines in a row, a review shows one marker instead. */
export const BLANK_RUN_MIN = 3;
/** From this many spaces or tabs in a row inside a line, a review shows one marker instead. */
export const SPACE_RUN_MIN = 32;

/** Short names of the unusual characters people most need to recognise. */
const NAMES: Readonly<Record<number, string>> = {
  0x0000: 'NUL',
  0x000b: 'VT',
  0x000c: 'FF',
  0x000d: 'CR',
  0x001b: 'ESC',
  0x007f: 'DEL',
  0x00a0: 'NBSP',
  0x00ad: 'SHY',
  0x061c: 'ALM',
  0x200b: 'ZWSP',
  0x200c: 'ZWNJ',
  0x200d: 'ZWJ',
  0x200e: 'LRM',
  0x200f: 'RLM',
  0x2028: 'LINE SEPARATOR',
  0x2029: 'PARAGRAPH SEPARATOR',
  0x202a: 'LRE',
  0x202b: 'RLE',
  0x202c: 'PDF',
  0x202d: 'LRO',
  0x202e: 'RLO',
  0x2060: 'WJ',
  0x2066: 'LRI',
  0x2067: 'RLI',
  0x2068: 'FSI',
  0x2069: 'PDI',
  0x3164: 'HANGUL FILLER',
  0xfeff: 'BOM',
};

/**
 * Whether a character is shown as an escape: controls (but tab), bidi controls, zero-width and
 * other invisible characters, unusual spaces, variation selectors, tag characters, line
 * separators and lone surrogates.
 */
export function isUnusual(cp: number): boolean {
  if (cp === 0x09 || cp === 0x0a) return false;
  if (cp < 0x20 || (cp >= 0x7f && cp <= 0xa0)) return true;
  if (cp < 0xad) return false;
  return (
    cp === 0xad ||
    cp === 0x034f ||
    cp === 0x061c ||
    cp === 0x115f ||
    cp === 0x1160 ||
    cp === 0x1680 ||
    cp === 0x17b4 ||
    cp === 0x17b5 ||
    cp === 0x180e ||
    (cp >= 0x2000 && cp <= 0x200f) ||
    (cp >= 0x2028 && cp <= 0x202f) ||
    (cp >= 0x205f && cp <= 0x206f) ||
    cp === 0x3000 ||
    cp === 0x3164 ||
    (cp >= 0xd800 && cp <= 0xdfff) ||
    (cp >= 0xfe00 && cp <= 0xfe0f) ||
    cp === 0xfeff ||
    cp === 0xffa0 ||
    (cp >= 0xfff9 && cp <= 0xfffb) ||
    (cp >= 0xe0000 && cp <= 0xe007f) ||
    (cp >= 0xe0100 && cp <= 0xe01ef)
  );
}

/** The visible escape of an unusual character: `[U+202E RLO]`. */
export function escapeOf(cp: number): string {
  const hex = cp.toString(16).toUpperCase().padStart(4, '0');
  const name = NAMES[cp];
  return name ? `[U+${hex} ${name}]` : `[U+${hex}]`;
}

/** A line break as JavaScript reads code: LF, CRLF, a lone CR, U+2028 or U+2029. */
const LINE_BREAK = /\r\n|[\n\r\u2028\u2029]/g;

/** Splits code into the pieces a review shows. Joining them back (markers expanded) gives the code. */
export function reviewPieces(code: string): CodePiece[] {
  const pieces: CodePiece[] = [];
  let blank = 0;
  let start = 0;
  const flushBlank = () => {
    if (blank >= BLANK_RUN_MIN) pieces.push({ kind: 'blank-lines', count: blank });
    else for (let i = 0; i < blank; i++) pieces.push({ kind: 'newline' });
    blank = 0;
  };
  const line = (text: string, end: string | null) => {
    // A line of spaces and tabs only (ended by an ordinary break) counts as blank.
    if (/^[ \t]*$/.test(text) && (end === '\n' || end === '\r\n')) {
      blank++;
      return;
    }
    flushBlank();
    linePieces(text, pieces);
    if (end === null) return;
    if (end !== '\n' && end !== '\r\n') pushChar(pieces, end.codePointAt(0)!);
    pieces.push({ kind: 'newline' });
  };
  for (const match of code.matchAll(LINE_BREAK)) {
    line(code.slice(start, match.index), match[0]);
    start = match.index + match[0].length;
  }
  const last = code.slice(start);
  if (last === '' && blank > 0) flushBlank();
  else line(last, null);
  return pieces;
}

/** The pieces of one line (no line breaks in it). */
function linePieces(text: string, pieces: CodePiece[]): void {
  let plain = '';
  let i = 0;
  while (i < text.length) {
    const cp = text.codePointAt(i)!;
    const width = cp > 0xffff ? 2 : 1;
    if (cp === 0x20 || cp === 0x09) {
      let end = i;
      while (end < text.length && (text[end] === ' ' || text[end] === '\t')) end++;
      if (end - i >= SPACE_RUN_MIN) {
        if (plain) pieces.push({ kind: 'text', text: plain });
        plain = '';
        pieces.push({ kind: 'spaces', count: end - i });
      } else plain += text.slice(i, end);
      i = end;
      continue;
    }
    if (isUnusual(cp)) {
      if (plain) pieces.push({ kind: 'text', text: plain });
      plain = '';
      pushChar(pieces, cp);
    } else plain += text.slice(i, i + width);
    i += width;
  }
  if (plain) pieces.push({ kind: 'text', text: plain });
}

function pushChar(pieces: CodePiece[], cp: number): void {
  const last = pieces.at(-1);
  if (last?.kind === 'chars') last.codePoints.push(cp);
  else pieces.push({ kind: 'chars', codePoints: [cp] });
}

/** What a review says about one task's code. */
export interface CodeStats {
  /** Characters (code points). */
  characters: number;
  /** Lines as JavaScript counts them. */
  lines: number;
  /** Unusual characters, each shown as an escape. */
  unusual: number;
}

export function codeStats(code: string): CodeStats {
  let characters = 0;
  let unusual = 0;
  for (let i = 0; i < code.length; i++) {
    const cp = code.codePointAt(i)!;
    if (cp > 0xffff) i++;
    characters++;
    // The CR of a CRLF is an ordinary line break, shown as one.
    if (isUnusual(cp) && !(cp === 0x0d && code.charCodeAt(i + 1) === 0x0a)) unusual++;
  }
  const lines = code === '' ? 0 : (code.match(LINE_BREAK)?.length ?? 0) + 1;
  return { characters, lines, unusual };
}

/** Unusual characters in plain text (a task name), escaped for showing. */
export function escapeUnusual(text: string): string {
  let out = '';
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    out += isUnusual(cp) || cp === 0x0a ? escapeOf(cp) : ch;
  }
  return out;
}
