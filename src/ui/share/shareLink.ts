// Share links: a document deflated into the URL fragment (`#share=…`). No server involved.
import { packJson, unpackJson } from '../../engine/index.ts';

const PREFIX = '#share=';

/** Compresses any JSON value into the text after `#share=`. */
export function encodeSharePayload(value: unknown): Promise<string> {
  return packJson(value);
}

/** Inverse of {@link encodeSharePayload}; throws on a damaged payload. */
export function decodeSharePayload(payload: string): Promise<unknown> {
  return unpackJson(payload);
}

/** The full link for a payload, based on the current page address. */
export function shareUrl(base: string, payload: string): string {
  return `${base.split('#')[0]}${PREFIX}${payload}`;
}

/** The payload in a location hash, or `null`. */
export function sharePayloadOf(hash: string): string | null {
  return hash.startsWith(PREFIX) ? hash.slice(PREFIX.length) : null;
}
