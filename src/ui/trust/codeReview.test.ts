import { describe, expect, it } from 'vitest';
import {
  codeStats,
  escapeOf,
  escapeUnusual,
  reviewPieces,
  SPACE_RUN_MIN,
  type CodePiece,
} from './codeReview.ts';

/** The pieces as one string, markers written out, to compare compactly. */
const shown = (pieces: CodePiece[]) =>
  pieces
    .map((p) => {
      switch (p.kind) {
        case 'text':
          return p.text;
        case 'newline':
          return '\n';
        case 'blank-lines':
          return `<${p.count} blank lines>\n`;
        case 'spaces':
          return `<${p.count} spaces>`;
        case 'chars':
          return p.codePoints.map(escapeOf).join('');
      }
    })
    .join('');

describe('reviewPieces', () => {
  it('keeps ordinary code as it is, one or two blank lines too', () => {
    const code = 'const a = 1;\n\nif (a) {\n\treturn a;\n}\n\n\nreturn 0;';
    expect(shown(reviewPieces(code))).toBe(code);
  });

  it('collapses 3 or more blank lines into one marker that counts them', () => {
    const code = 'return 1;\n' + '\n'.repeat(200) + 'stealData();';
    expect(shown(reviewPieces(code))).toBe('return 1;\n<200 blank lines>\nstealData();');
    expect(shown(reviewPieces('a\n\n\n\nb'))).toBe('a\n<3 blank lines>\nb');
    // Lines of spaces and tabs are blank too; CRLF is an ordinary break.
    expect(shown(reviewPieces('a\r\n  \r\n\t\r\n \t \r\nb'))).toBe('a\n<3 blank lines>\nb');
  });

  it('marks blank runs at the start and at the end of the code', () => {
    expect(shown(reviewPieces('\n\n\n\nstealData();'))).toBe('<4 blank lines>\nstealData();');
    expect(shown(reviewPieces('return 1;\n\n\n\n'))).toBe('return 1;\n<3 blank lines>\n');
  });

  it('shows line breaks that JavaScript sees but the screen does not', () => {
    expect(shown(reviewPieces('// note\rstealData();'))).toBe('// note[U+000D CR]\nstealData();');
    expect(shown(reviewPieces('// a\u2028b'))).toBe('// a[U+2028 LINE SEPARATOR]\nb');
  });

  it('escapes bidi controls, zero-width and other invisible characters', () => {
    expect(shown(reviewPieces('if (isAdmin\u202E \u2066// check\u2069\u2066) {'))).toBe(
      'if (isAdmin[U+202E RLO] [U+2066 LRI]// check[U+2069 PDI][U+2066 LRI]) {',
    );
    expect(shown(reviewPieces('a\u200Bb\uFEFFc\u3164'))).toBe(
      'a[U+200B ZWSP]b[U+FEFF BOM]c[U+3164 HANGUL FILLER]',
    );
    expect(shown(reviewPieces('x\u{E0041}\u{E0042}'))).toBe('x[U+E0041][U+E0042]');
    expect(shown(reviewPieces('ok = "é ü 🚀 日本";'))).toBe('ok = "é ü 🚀 日本";');
  });

  it('collapses a long run of spaces inside a line into one marker', () => {
    const spaces = ' '.repeat(500);
    expect(shown(reviewPieces(`return 1;${spaces}stealData();`))).toBe(
      'return 1;<500 spaces>stealData();',
    );
    const few = ' '.repeat(SPACE_RUN_MIN - 1);
    expect(shown(reviewPieces(`a${few}b`))).toBe(`a${few}b`);
  });

  it('gives back every character of the code', () => {
    const code = 'a\u202E\n\n\n\n' + ' '.repeat(40) + 'b\r\nc\rd\u2029';
    const expanded = reviewPieces(code)
      .map((p) =>
        p.kind === 'text'
          ? p.text
          : p.kind === 'newline'
            ? '\n'
            : p.kind === 'blank-lines'
              ? '\n'.repeat(p.count)
              : p.kind === 'spaces'
                ? ' '.repeat(p.count)
                : String.fromCodePoint(
                    ...p.codePoints.filter((cp) => cp !== 0x0d && cp !== 0x2029),
                  ),
      )
      .join('');
    expect(expanded).toBe(code.replace(/\r\n|\r|\u2029/g, '\n'));
  });
});

describe('codeStats', () => {
  it('counts characters (code points), lines and unusual characters', () => {
    expect(codeStats('')).toEqual({ characters: 0, lines: 0, unusual: 0 });
    expect(codeStats('return 1;')).toEqual({ characters: 9, lines: 1, unusual: 0 });
    expect(codeStats('a\nb\r\nc\rd')).toEqual({ characters: 8, lines: 4, unusual: 1 });
    expect(codeStats('🚀\u202E')).toEqual({ characters: 2, lines: 1, unusual: 1 });
    expect(codeStats('x'.repeat(5000)).characters).toBe(5000);
  });
});

describe('escapeUnusual', () => {
  it('escapes invisible characters and line breaks in a name', () => {
    expect(escapeUnusual('load\u202Eevil')).toBe('load[U+202E RLO]evil');
    expect(escapeUnusual('a\nb')).toBe('a[U+000A]b');
    expect(escapeUnusual('<img src=x>')).toBe('<img src=x>');
  });
});
