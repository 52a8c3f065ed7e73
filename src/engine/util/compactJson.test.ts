// Packed JSON is inflated through a stream that stops at a byte cap: a few kilobytes of link cannot
// make the page inflate megabytes.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { packJson, PackedJsonTooLargeError, unpackJson } from './compactJson.ts';

afterEach(() => vi.unstubAllGlobals());

/** Counts the bytes every DecompressionStream made hands on to its reader. */
function countInflatedBytes(): { total: number } {
  const seen = { total: 0 };
  const Real = DecompressionStream;
  class Counting {
    readonly writable: WritableStream<BufferSource>;
    readonly readable: ReadableStream<Uint8Array>;
    constructor(format: CompressionFormat) {
      const inner = new Real(format);
      this.writable = inner.writable;
      this.readable = inner.readable.pipeThrough(
        new TransformStream<Uint8Array, Uint8Array>(
          {
            transform(chunk, controller) {
              seen.total += chunk.byteLength;
              controller.enqueue(chunk);
            },
          },
          undefined,
          { highWaterMark: 0 },
        ),
      );
    }
  }
  vi.stubGlobal('DecompressionStream', Counting);
  return seen;
}

describe('packed JSON', () => {
  it('round-trips a value, within a byte cap too', async () => {
    const value = { a: [1, 2, 3], s: 'ünïcødé ✓' };
    const text = await packJson(value);
    expect(await unpackJson(text)).toEqual(value);
    const bytes = new TextEncoder().encode(JSON.stringify(value)).length;
    expect(await unpackJson(text, { maxBytes: bytes })).toEqual(value);
    await expect(unpackJson(text, { maxBytes: bytes - 1 })).rejects.toThrow(
      PackedJsonTooLargeError,
    );
  });

  it('stops inflating past the cap instead of inflating everything', async () => {
    // 16 MB of JSON packed into about 22 KB of text.
    const bomb = await packJson(' '.repeat(16 * 1024 * 1024));
    expect(bomb.length).toBeLessThan(32 * 1024);
    const inflated = countInflatedBytes();
    const error = await unpackJson(bomb, { maxBytes: 1024 * 1024 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PackedJsonTooLargeError);
    expect((error as PackedJsonTooLargeError).code).toBe('E_TOO_LARGE');
    expect(inflated.total).toBeGreaterThan(1024 * 1024);
    expect(inflated.total).toBeLessThan(4 * 1024 * 1024);
  });

  it('refuses a payload too long to fit the cap without inflating it', async () => {
    const inflated = countInflatedBytes();
    await expect(unpackJson('A'.repeat(200_000), { maxBytes: 100_000 })).rejects.toThrow(
      PackedJsonTooLargeError,
    );
    expect(inflated.total).toBe(0);
  });

  it('rejects a damaged payload', async () => {
    await expect(unpackJson('not-a-valid-payload')).rejects.toThrow();
  });
});
