// Pure: decodes a file's bytes as UTF-8 or says where it is not. The browser's `file.text()`
// turns invalid bytes into U+FFFD silently, and a workflow would then be imported with code that
// is not what the file holds.

/** The text, or the byte offset of the first byte that is not valid UTF-8. */
export function decodeStrictUtf8(bytes: Uint8Array): { text: string } | { invalidAt: number } {
  try {
    return { text: new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes) };
  } catch {
    return { invalidAt: firstInvalidUtf8(bytes) };
  }
}

/** Offset of the byte that starts the first invalid sequence (RFC 3629). */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i]!;
    let length: number;
    if (b < 0x80) length = 1;
    else if (b >= 0xc2 && b <= 0xdf) length = 2;
    else if (b >= 0xe0 && b <= 0xef) length = 3;
    else if (b >= 0xf0 && b <= 0xf4) length = 4;
    else return i;
    if (length === 1) {
      i++;
      continue;
    }
    // Second-byte ranges that exclude overlong forms, surrogates and code points past U+10FFFF.
    const min = b === 0xe0 ? 0xa0 : b === 0xf0 ? 0x90 : 0x80;
    const max = b === 0xed ? 0x9f : b === 0xf4 ? 0x8f : 0xbf;
    for (let k = 1; k < length; k++) {
      const c = bytes[i + k];
      const lo = k === 1 ? min : 0x80;
      const hi = k === 1 ? max : 0xbf;
      if (c === undefined || c < lo || c > hi) return i;
    }
    i += length;
  }
  return bytes.length;
}
