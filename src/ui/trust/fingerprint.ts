// The fingerprint of what a workflow runs: SHA-256 over every task's name, code, dependencies and
// options, in document order. Layout (`position`) and prose (`description`) are left out: moving a
// node or rewording a note changes nothing that runs, so it never asks for a review again.
//
// SHA-256 from @noble/hashes (audited, no dependencies), computed synchronously rather than
// with `crypto.subtle`:
// - an approval must follow the user's own edit in the same store update (a Run pressed right after
//   typing must not meet a stale approval), and `crypto.subtle.digest` is only asynchronous;
// - `crypto.subtle` does not exist outside secure contexts (the app served over plain http on a
//   LAN address), where a review must work just the same;
// - a cryptographic hash, not a quick checksum, so no one can craft changed code that keeps the
//   fingerprint of the code the user approved.
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import type { WorkflowDocument } from '../../engine/index.ts';

type TaskDocument = WorkflowDocument['tasks'][number];

/** Task fields that change nothing about what runs. Every other field (options too) counts. */
const COSMETIC_FIELDS: ReadonlySet<string> = new Set(['position', 'description']);

const FORMAT = 'flowweaver.fingerprint/1';

const cache = new WeakMap<readonly TaskDocument[], string>();

/** The code fingerprint of a workflow's tasks (64 hex digits). */
export function codeFingerprint(doc: Pick<WorkflowDocument, 'tasks'>): string {
  let fingerprint = cache.get(doc.tasks);
  if (fingerprint === undefined) {
    fingerprint = sha256Hex(new TextEncoder().encode(canonicalTasks(doc.tasks)));
    cache.set(doc.tasks, fingerprint);
  }
  return fingerprint;
}

/** Each task as its fields sorted by key, cosmetic and undefined ones left out, in one JSON text. */
function canonicalTasks(tasks: readonly TaskDocument[]): string {
  const entries = tasks.map((task) =>
    Object.keys(task)
      .filter((key) => !COSMETIC_FIELDS.has(key))
      .sort()
      .flatMap((key) => {
        const value = (task as unknown as Record<string, unknown>)[key];
        return value === undefined ? [] : [[key, value]];
      }),
  );
  return JSON.stringify([FORMAT, entries]);
}

/** SHA-256 of some bytes, as 64 lowercase hex digits. */
export function sha256Hex(data: Uint8Array): string {
  return bytesToHex(sha256(data));
}
