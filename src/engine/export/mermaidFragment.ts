// The standalone viewer's URL fragment: a workflow's structure (never Mermaid text) packed into
// URL-safe text and back, and the checks a fragment must pass. Web-standard APIs only: no DOM, I/O or mermaid.
import {
  migrateWorkflowDocument,
  safeParseWorkflowDocument,
  workflowDocumentSchema,
} from '../model/document.ts';
import { checkDocumentLimits, DOCUMENT_LIMITS, formatBytes } from '../model/documentLimits.ts';
import { TASK_STATUSES, type TaskStatus } from '../model/status.ts';
import type { WorkflowDocument } from '../model/types.ts';
import {
  canCompress,
  fromBase64Url,
  packJson,
  PackedJsonTooLargeError,
  toBase64Url,
  unpackJson,
} from '../util/compactJson.ts';
import { MERMAID_ORIENTATIONS, type MermaidOrientation } from './exportMermaid.ts';

/** The `format` of a viewer payload. */
export const MERMAID_VIEW_FORMAT = 'flowweaver.mermaid-view';
/** The viewer payload version this build writes and reads. */
export const MERMAID_VIEW_VERSION = 1;

/**
 * What the standalone viewer receives: a workflow, never diagram text. The viewer generates the
 * Mermaid text itself with `exportMermaid`, so a link can only ever show a FlowWeaver diagram.
 */
export interface MermaidViewPayload {
  format: typeof MERMAID_VIEW_FORMAT;
  version: typeof MERMAID_VIEW_VERSION;
  /** The workflow: task names, dependencies and descriptions (`buildMermaidViewPayload` leaves code empty). */
  document: WorkflowDocument;
  /** Status of each task by insertion index; missing entries are pending. */
  statuses?: TaskStatus[];
  /** Graph direction; default `TD`. */
  orientation?: MermaidOrientation;
  /** Shown as the page's heading (as text); default: the workflow's name. */
  title?: string;
}

/** The outcome of reading a viewer fragment or payload. */
export type MermaidViewDecodeResult =
  | {
      ok: true;
      payload: MermaidViewPayload;
      /** Validation problems of a well-formed workflow (duplicates, cycles, …), shown as a notice. */
      problems: string[];
    }
  | { ok: false; reason: string };

/** Shown when the fragment is empty. */
export const VIEW_NO_DIAGRAM = 'No diagram in this link. Open it from FlowWeaver with “Open view”.';
/** Shown when the fragment cannot be unpacked. */
export const VIEW_DAMAGED =
  'Nothing is shown: this link is damaged or was not made by FlowWeaver (it could not be unpacked).';
/** Shown when the fragment unpacks to more than `DOCUMENT_LIMITS.maxBytes` (it stops there). */
export const VIEW_TOO_LARGE = `Nothing is shown: this link is too large (its workflow unpacks to more than ${formatBytes(DOCUMENT_LIMITS.maxBytes)} of JSON).`;
/** Shown for anything that unpacks but is not a viewer payload, e.g. Mermaid text. */
export const VIEW_NOT_A_WORKFLOW =
  'Refused: this link does not hold a FlowWeaver workflow, so nothing is shown. The viewer draws only diagrams it generates itself from a workflow; it never shows Mermaid text, links or forms passed in a link.';

const TITLE_MAX = 200;
const ENVELOPE_KEYS: ReadonlySet<string> = new Set([
  'format',
  'version',
  'document',
  'statuses',
  'orientation',
  'title',
]);
const VALID_STATUS: ReadonlySet<string> = new Set(TASK_STATUSES);
const VALID_ORIENTATION: ReadonlySet<string> = new Set(MERMAID_ORIENTATIONS);

/**
 * Encodes a payload as a URL fragment (without `#`): `z=` + base64url of deflate-raw
 * compressed UTF-8 JSON where `CompressionStream` exists, else `j=` + base64url of the JSON.
 */
export async function encodeMermaidFragment(payload: MermaidViewPayload): Promise<string> {
  if (canCompress()) return `z=${await packJson(payload)}`;
  return `j=${toBase64Url(new TextEncoder().encode(JSON.stringify(payload)))}`;
}

/**
 * Decodes what `encodeMermaidFragment` wrote (a leading `#` is allowed) and checks it with
 * `parseMermaidViewPayload`. Anything else (an empty, damaged or foreign fragment, Mermaid text)
 * is refused with a reason to show. Never evaluates anything.
 */
export async function decodeMermaidFragment(fragment: string): Promise<MermaidViewDecodeResult> {
  const body = fragment.startsWith('#') ? fragment.slice(1) : fragment;
  if (body === '') return refuse(VIEW_NO_DIAGRAM);
  const kind = body.slice(0, 2);
  if (kind !== 'z=' && kind !== 'j=') return refuse(VIEW_NOT_A_WORKFLOW);
  let value: unknown;
  const { maxBytes } = DOCUMENT_LIMITS;
  try {
    const text = body.slice(2);
    if (kind === 'j=' && (text.length * 3) / 4 > maxBytes) return refuse(VIEW_TOO_LARGE);
    value =
      kind === 'z='
        ? await unpackJson(text, { maxBytes })
        : JSON.parse(new TextDecoder().decode(fromBase64Url(text)));
  } catch (error) {
    return refuse(error instanceof PackedJsonTooLargeError ? VIEW_TOO_LARGE : VIEW_DAMAGED);
  }
  return parseMermaidViewPayload(value);
}

/**
 * Checks an unpacked value: exactly the payload's keys, a known format and version, a workflow
 * document that passes the engine's document validator's schema (its graph problems, such as
 * a duplicate name, are returned as `problems` to show next to the diagram), statuses that are
 * task statuses, an orientation Mermaid knows and a short title.
 */
export function parseMermaidViewPayload(value: unknown): MermaidViewDecodeResult {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return refuse(VIEW_NOT_A_WORKFLOW);
  }
  const v = value as Record<string, unknown>;
  if (v.format !== MERMAID_VIEW_FORMAT || Object.keys(v).some((k) => !ENVELOPE_KEYS.has(k))) {
    return refuse(VIEW_NOT_A_WORKFLOW);
  }
  if (v.version !== MERMAID_VIEW_VERSION) {
    return refuse(
      `Refused: this link holds a viewer payload of version ${JSON.stringify(v.version)}; this viewer reads version ${MERMAID_VIEW_VERSION}.`,
    );
  }
  const checked = checkDocument(v.document);
  if (!checked.ok) return checked;
  const payload: MermaidViewPayload = {
    format: MERMAID_VIEW_FORMAT,
    version: MERMAID_VIEW_VERSION,
    document: checked.document,
  };
  if (v.statuses !== undefined) {
    const statuses = v.statuses;
    if (
      !Array.isArray(statuses) ||
      statuses.length > checked.document.tasks.length ||
      !statuses.every((s) => typeof s === 'string' && VALID_STATUS.has(s))
    ) {
      return refuse('Refused: the task statuses in this link are not valid.');
    }
    payload.statuses = statuses as TaskStatus[];
  }
  if (v.orientation !== undefined) {
    if (typeof v.orientation !== 'string' || !VALID_ORIENTATION.has(v.orientation)) {
      return refuse('Refused: the diagram direction in this link is not valid.');
    }
    payload.orientation = v.orientation as MermaidOrientation;
  }
  if (v.title !== undefined) {
    if (typeof v.title !== 'string' || v.title.length > TITLE_MAX) {
      return refuse('Refused: the title in this link is not valid.');
    }
    payload.title = v.title;
  }
  return { ok: true, payload, problems: checked.problems };
}

/** The document through the engine's validator: schema problems refuse it, graph problems are kept. */
function checkDocument(
  raw: unknown,
): { ok: true; document: WorkflowDocument; problems: string[] } | { ok: false; reason: string } {
  // An object only: the validator would also read JSON text, and text is what a link may not carry.
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return refuse(VIEW_NOT_A_WORKFLOW);
  }
  // The limits of a document from a link, before anything is validated or drawn.
  const beyond = checkDocumentLimits(raw);
  if (beyond.length > 0) {
    return refuse(`Refused: ${beyond.map((issue) => issue.message).join('. ')}.`);
  }
  const full = safeParseWorkflowDocument(raw);
  if (full.ok) return { ok: true, document: full.document, problems: [] };
  const problems = full.issues.map((issue) => issue.message);
  const migrated = migrateWorkflowDocument(raw);
  const shaped = migrated.ok ? workflowDocumentSchema.safeParse(migrated.document) : undefined;
  if (!shaped?.success) {
    const shown = problems.slice(0, 3).join(' ');
    const more = problems.length > 3 ? ` (and ${problems.length - 3} more)` : '';
    return refuse(`Refused: the workflow in this link is not valid. ${shown}${more}`);
  }
  return { ok: true, document: shaped.data as WorkflowDocument, problems };
}

function refuse(reason: string): { ok: false; reason: string } {
  return { ok: false, reason };
}
