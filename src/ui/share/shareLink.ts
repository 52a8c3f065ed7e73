// Share links: a document deflated into the URL fragment (`#share=…`). No server involved.
import {
  DOCUMENT_LIMITS,
  formatBytes,
  packJson,
  PackedJsonTooLargeError,
  unpackJson,
} from '../../engine/index.ts';

const PREFIX = '#share=';

/** Compresses any JSON value into the text after `#share=`. */
export function encodeSharePayload(value: unknown): Promise<string> {
  return packJson(value);
}

/**
 * Inverse of {@link encodeSharePayload}; throws on a damaged payload, and stops inflating (and
 * throws `PackedJsonTooLargeError`) past `DOCUMENT_LIMITS.maxBytes` of JSON.
 */
export function decodeSharePayload(
  payload: string,
  maxBytes: number = DOCUMENT_LIMITS.maxBytes,
): Promise<unknown> {
  return unpackJson(payload, { maxBytes });
}

/** What the share dialog says about a payload {@link decodeSharePayload} could not read. */
export function sharePayloadProblem(error: unknown): string {
  if (error instanceof PackedJsonTooLargeError) {
    const limit = formatBytes(error.maxBytes);
    return `The link is too large: its workflow unpacks to more than ${limit} of JSON, and FlowWeaver takes at most ${limit} from a file or a link.`;
  }
  return 'The link is damaged: it could not be decompressed.';
}

/** The full link for a payload, based on the current page address. */
export function shareUrl(base: string, payload: string): string {
  return `${base.split('#')[0]}${PREFIX}${payload}`;
}

/** The payload in a location hash, or `null`. */
export function sharePayloadOf(hash: string): string | null {
  return hash.startsWith(PREFIX) ? hash.slice(PREFIX.length) : null;
}
