import { describe, expect, it } from 'vitest';
import { etlPipeline } from '../examples/etlPipeline.ts';
import { decodeSharePayload, encodeSharePayload, sharePayloadOf, shareUrl } from './shareLink.ts';

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
