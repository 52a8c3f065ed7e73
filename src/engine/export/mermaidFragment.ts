// Packs a diagram into a URL fragment and back: web-standard APIs only, never the DOM, I/O or mermaid.
import {
  canCompress,
  fromBase64Url,
  packJson,
  toBase64Url,
  unpackJson,
} from '../util/compactJson.ts';

/** What the standalone viewer shows. */
export interface MermaidViewPayload {
  /** Mermaid text to render (text-only labels, see `exportMermaid`). */
  text: string;
  title?: string;
  /** Tooltip text by node id (`t0` …), from task descriptions. */
  descriptions?: Record<string, string>;
  nodeCount?: number;
  edgeCount?: number;
  /** A sentence shown above the diagram (e.g. why it was collapsed). */
  notice?: string;
}

/**
 * Encodes a payload as a URL fragment (without `#`): `z=` + base64url of deflate-raw
 * compressed UTF-8 JSON where `CompressionStream` exists, else `j=` + base64url of the JSON.
 */
export async function encodeMermaidFragment(payload: MermaidViewPayload): Promise<string> {
  if (canCompress()) return `z=${await packJson(payload)}`;
  return `j=${toBase64Url(new TextEncoder().encode(JSON.stringify(payload)))}`;
}

/**
 * Decodes what `encodeMermaidFragment` wrote (a leading `#` is allowed). Returns `undefined`
 * for an empty, foreign or damaged fragment; never evaluates anything.
 */
export async function decodeMermaidFragment(
  fragment: string,
): Promise<MermaidViewPayload | undefined> {
  const body = fragment.startsWith('#') ? fragment.slice(1) : fragment;
  const kind = body.slice(0, 2);
  if (kind !== 'z=' && kind !== 'j=') return undefined;
  try {
    const text = body.slice(2);
    if (kind === 'z=') return validPayload(await unpackJson(text));
    return validPayload(JSON.parse(new TextDecoder().decode(fromBase64Url(text))));
  } catch {
    return undefined;
  }
}

function validPayload(value: unknown): MermaidViewPayload | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const v = value as Record<string, unknown>;
  if (typeof v.text !== 'string') return undefined;
  const out: MermaidViewPayload = { text: v.text };
  if (typeof v.title === 'string') out.title = v.title;
  if (typeof v.notice === 'string') out.notice = v.notice;
  if (typeof v.nodeCount === 'number') out.nodeCount = v.nodeCount;
  if (typeof v.edgeCount === 'number') out.edgeCount = v.edgeCount;
  if (typeof v.descriptions === 'object' && v.descriptions !== null) {
    const descriptions: Record<string, string> = {};
    for (const [id, text] of Object.entries(v.descriptions)) {
      if (typeof text === 'string' && /^t\d+$/.test(id)) descriptions[id] = text;
    }
    out.descriptions = descriptions;
  }
  return out;
}
