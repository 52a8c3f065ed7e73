import { describe, expect, it } from 'vitest';
import { etlPipeline } from '../examples/etlPipeline.ts';
import { DOCUMENT_LIMITS, PackedJsonTooLargeError } from '../../engine/index.ts';
import {
  decodeSharePayload,
  encodeSharePayload,
  sharePayloadOf,
  sharePayloadProblem,
  shareUrl,
} from './shareLink.ts';

describe('share links', () => {
  it('round-trips a document through deflate-raw and base64url', async () => {
    const payload = await encodeSharePayload(etlPipeline);
    expect(payload).toMatch(/^[\w-]+$/);
    expect(payload.length).toBeLessThan(JSON.stringify(etlPipeline).length);
    expect(await decodeSharePayload(payload)).toEqual(etlPipeline);
  });

  it('keeps non-ASCII and hostile text as data', async () => {
    const value = { name: '<img src=x onerror=alert(1)> ünïcødé ✓' };
    expect(await decodeSharePayload(await encodeSharePayload(value))).toEqual(value);
  });

  it('rejects a damaged payload', async () => {
    await expect(decodeSharePayload('not-a-valid-payload')).rejects.toThrow();
  });

  it('builds and reads the fragment', () => {
    const url = shareUrl('https://x.test/app?q=1#old', 'abc');
    expect(url).toBe('https://x.test/app?q=1#share=abc');
    expect(sharePayloadOf(new URL(url).hash)).toBe('abc');
    expect(sharePayloadOf('#other')).toBeNull();
  });
});

describe('share link limits', () => {
  it('stops inflating a payload past the document size limit, with a clear problem', async () => {
    const payload = await encodeSharePayload({ padding: ' '.repeat(2048) });
    const error = await decodeSharePayload(payload, 1024).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PackedJsonTooLargeError);
    expect(sharePayloadProblem(error)).toBe(
      'The link is too large: its workflow unpacks to more than 1 KB of JSON, and FlowWeaver takes at most 1 KB from a file or a link.',
    );
    expect(sharePayloadProblem(new Error('bad'))).toBe(
      'The link is damaged: it could not be decompressed.',
    );
  });

  it('takes up to DOCUMENT_LIMITS.maxBytes of JSON by default', async () => {
    const bomb = await encodeSharePayload(' '.repeat(DOCUMENT_LIMITS.maxBytes + 1));
    const error = await decodeSharePayload(bomb).catch((e: unknown) => e);
    expect(sharePayloadProblem(error)).toBe(
      'The link is too large: its workflow unpacks to more than 10.0 MB of JSON, and FlowWeaver takes at most 10.0 MB from a file or a link.',
    );
  });
});
