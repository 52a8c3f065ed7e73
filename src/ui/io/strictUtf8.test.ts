import { describe, expect, it } from 'vitest';
import { decodeStrictUtf8 } from './strictUtf8.ts';

const bytes = (...b: number[]) => new Uint8Array(b);
const utf8 = (s: string) => new TextEncoder().encode(s);

describe('decodeStrictUtf8', () => {
  it('decodes valid UTF-8, multi-byte characters included', () => {
    expect(decodeStrictUtf8(utf8('{"name":"é 🚀 ✓"}'))).toEqual({ text: '{"name":"é 🚀 ✓"}' });
  });

  it.each([
    ['a lone continuation byte', [0x41, 0x80], 1],
    ['an invalid lead byte', [0x41, 0x42, 0xff], 2],
    ['a truncated sequence at the end', [0x41, 0xe2, 0x82], 1],
    ['a sequence broken by ASCII', [0xe2, 0x41, 0x41], 0],
    ['an overlong encoding', [0x41, 0xc0, 0xaf], 1],
    ['an overlong three-byte form', [0xe0, 0x80, 0x80], 0],
    ['an encoded surrogate', [0x20, 0xed, 0xa0, 0x80], 1],
    ['a code point past U+10FFFF', [0xf4, 0x90, 0x80, 0x80], 0],
  ])('gives the byte offset of %s', (_, input, offset) => {
    expect(decodeStrictUtf8(bytes(...input))).toEqual({ invalidAt: offset });
  });
});
