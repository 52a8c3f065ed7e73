// JSON packed into URL-safe text: deflate-raw (CompressionStream) + base64url. Web-standard APIs only.
import { FlowWeaverError } from '../model/errors.ts';

/** base64url without padding, chunked so large inputs never overflow the argument list. */
export function toBase64Url(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** Inverse of {@link toBase64Url}; accepts text with or without padding. */
export function fromBase64Url(text: string): Uint8Array {
  const b64 = text.replace(/-/g, '+').replace(/_/g, '/');
  const binary = atob(b64 + '='.repeat((4 - (b64.length % 4)) % 4));
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

async function pipe(bytes: Uint8Array, stream: GenericTransformStream): Promise<Uint8Array> {
  const piped = new Blob([bytes as Uint8Array<ArrayBuffer>]).stream().pipeThrough(stream);
  return new Uint8Array(await new Response(piped).arrayBuffer());
}

/** True where `CompressionStream` exists (every current browser, Node 18+). */
export function canCompress(): boolean {
  return typeof CompressionStream === 'function';
}

/** Any JSON value → deflate-raw → base64url. */
export async function packJson(value: unknown): Promise<string> {
  const json = new TextEncoder().encode(JSON.stringify(value));
  return toBase64Url(await pipe(json, new CompressionStream('deflate-raw')));
}

/** Options of {@link unpackJson}. */
export interface UnpackOptions {
  /** Most bytes of JSON text to inflate: past them, decompression stops and the call throws. */
  maxBytes?: number;
}

/** Packed JSON that inflates past `maxBytes`; `code` is `E_TOO_LARGE`. */
export class PackedJsonTooLargeError extends FlowWeaverError {
  static {
    this.prototype.name = 'PackedJsonTooLargeError';
  }
  constructor(readonly maxBytes: number) {
    super('E_TOO_LARGE', `The packed JSON inflates to more than ${maxBytes} bytes`);
  }
}

/**
 * Inverse of {@link packJson}; throws on damaged input. Never evaluates anything. With `maxBytes`,
 * inflating stops as soon as the output passes it (a few kilobytes of deflate can stand for
 * gigabytes) and a `PackedJsonTooLargeError` is thrown.
 */
export async function unpackJson(text: string, options: UnpackOptions = {}): Promise<unknown> {
  const { maxBytes } = options;
  // Deflate never grows data by more than a few bytes per 64 KB block, so a payload this long
  // cannot hold `maxBytes` or less: refused before it is even decoded.
  if (maxBytes !== undefined && text.length > Math.ceil(((maxBytes * 1.01 + 1024) * 4) / 3)) {
    throw new PackedJsonTooLargeError(maxBytes);
  }
  const stream = new Blob([fromBase64Url(text) as Uint8Array<ArrayBuffer>])
    .stream()
    .pipeThrough(new DecompressionStream('deflate-raw'));
  const reader = stream.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (maxBytes !== undefined && total > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw new PackedJsonTooLargeError(maxBytes);
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return JSON.parse(new TextDecoder().decode(bytes));
}
