// JSON packed into URL-safe text: deflate-raw (CompressionStream) + base64url. Web-standard APIs only.

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

/** Inverse of {@link packJson}; throws on damaged input. Never evaluates anything. */
export async function unpackJson(text: string): Promise<unknown> {
  const bytes = await pipe(fromBase64Url(text), new DecompressionStream('deflate-raw'));
  return JSON.parse(new TextDecoder().decode(bytes));
}
