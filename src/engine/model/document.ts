// The versioned workflow document: schema (zod), migrations by version, and all-at-once errors.
import './zodSetup.ts';
import { z } from 'zod';
import { WorkflowValidationError, type ValidationIssue } from './errors.ts';
import { checkDocumentLimits, checkDocumentSize, type DocumentLimits } from './documentLimits.ts';
import { describePath, portableTaskOptionsShape, TASK_OPTION_KEYS } from './taskOptionsSchema.ts';
import type { WorkflowDocument } from './types.ts';
import { checkDuplicateDependencies, validateTasks } from './validateWorkflow.ts';
import { checkParamSpecs, paramSpecSchema, type ParamSpec } from './params.ts';

/** The `format` field every FlowWeaver workflow document carries. */
export const DOCUMENT_FORMAT = 'flowweaver.workflow';
/** The document version this build writes and reads natively. */
export const DOCUMENT_VERSION = 2;

/** Upgrades a raw document from version `n` to `n + 1`. */
export type DocumentMigration = (doc: Record<string, unknown>) => Record<string, unknown>;

/**
 * Migrations keyed by the version they upgrade *from*. Version 2 added run parameters (`params`)
 * and the task option `secrets`, both optional: a version-1 document means the same as version 2
 * without them.
 */
export const DOCUMENT_MIGRATIONS: Readonly<Record<number, DocumentMigration>> = {
  1: (doc) => ({ ...doc, version: 2 }),
};

const taskDocumentSchema = z.strictObject({
  // Name length, duplicates, dependencies, cycles and syntax are graph-level checks (validateTasks).
  name: z.string(),
  code: z.string(),
  dependsOn: z.array(z.string()),
  position: z.object({ x: z.number().finite(), y: z.number().finite() }).optional(),
  ...portableTaskOptionsShape,
});

/** The zod schema of a current-version {@link WorkflowDocument}. */
export const workflowDocumentSchema = z.object({
  format: z.literal(DOCUMENT_FORMAT),
  version: z.literal(DOCUMENT_VERSION),
  id: z.string().min(1),
  name: z.string(),
  description: z.string().optional(),
  timeoutMs: z.number().finite().positive().optional(),
  tasks: z.array(taskDocumentSchema),
  params: z.array(paramSpecSchema).optional(),
  maxMapInstances: z.int().positive().optional(),
  layout: z.strictObject({ direction: z.enum(['TD', 'LR']) }).optional(),
});

/** Outcome of {@link safeParseWorkflowDocument}. */
export type DocumentParseResult =
  { ok: true; document: WorkflowDocument } | { ok: false; issues: ValidationIssue[] };

/** Options of {@link safeParseWorkflowDocument}. */
export interface DocumentParseOptions {
  /**
   * Refuse a document beyond these limits (`DOCUMENT_LIMITS` for what the app takes in) before
   * validating it: the `E_LIMIT` issues, with any repeated dependencies. Without: no limits.
   */
  limits?: Readonly<DocumentLimits>;
}

/**
 * Parses JSON text or an already-parsed value into a valid current-version document: refuses
 * other formats and newer versions, migrates older ones, then checks the schema and the graph
 * (names, duplicates, repeated dependencies, dependencies, cycles, options, code syntax) and
 * reports every issue. With `limits`, a document beyond them is refused first.
 */
export function safeParseWorkflowDocument(
  input: unknown,
  options: DocumentParseOptions = {},
): DocumentParseResult {
  const { limits } = options;
  let raw = input;
  if (typeof input === 'string') {
    const tooLarge = limits && checkDocumentSize(utf8Length(input), limits);
    if (tooLarge) return fail(tooLarge);
    try {
      raw = JSON.parse(input);
    } catch (error) {
      return fail({ code: 'E_PARSE', message: `Not valid JSON: ${(error as Error).message}` });
    }
  }
  const migrated = migrateWorkflowDocument(raw);
  if (!migrated.ok) return migrated;
  const doc = migrated.document;
  if (limits) {
    const beyond = checkDocumentLimits(doc, limits);
    if (beyond.length > 0) {
      // Repeats are named too (cheap, and usually why a document has so many dependencies).
      for (const t of graphSpecs(doc))
        for (const issue of checkDuplicateDependencies(t.name, t.dependsOn)) beyond.push(issue);
      return { ok: false, issues: beyond };
    }
  }
  const parsed = workflowDocumentSchema.safeParse(doc);
  const issues = parsed.success ? [] : parsed.error.issues.map((i) => toIssue(doc, i));
  // A loop, not a spread: a big document can have more issues than a call takes arguments.
  for (const issue of validateTasks(graphSpecs(doc))) issues.push(issue);
  if (parsed.success && parsed.data.params)
    for (const issue of checkParamSpecs(parsed.data.params as ParamSpec[])) issues.push(issue);
  if (issues.length > 0 || !parsed.success) return { ok: false, issues };
  return { ok: true, document: parsed.data as WorkflowDocument };
}

/**
 * `doc` with every task's repeated `dependsOn` entries dropped (first occurrence kept), and how
 * many were dropped; `doc` itself when there were none. For documents saved before the validator
 * refused repeats: they open merged, with a note, instead of drawing one edge per entry. O(E).
 */
export function mergeRepeatedDependencies(doc: WorkflowDocument): {
  document: WorkflowDocument;
  merged: number;
} {
  let merged = 0;
  const tasks = doc.tasks.map((task) => {
    const deps = task.dependsOn;
    if (deps.length < 2) return task;
    const unique = [...new Set(deps)];
    if (unique.length === deps.length) return task;
    merged += deps.length - unique.length;
    return { ...task, dependsOn: unique };
  });
  return merged === 0 ? { document: doc, merged } : { document: { ...doc, tasks }, merged };
}

/** Like {@link safeParseWorkflowDocument} but throws a `WorkflowValidationError` listing every issue. */
export function parseWorkflowDocument(input: unknown): WorkflowDocument {
  const result = safeParseWorkflowDocument(input);
  if (!result.ok) throw new WorkflowValidationError(result.issues);
  return result.document;
}

/**
 * Checks the envelope (format, version) and applies migrations up to {@link DOCUMENT_VERSION}.
 * A document of another format or of a newer version is refused with a message saying so.
 */
export function migrateWorkflowDocument(
  raw: unknown,
  migrations: Readonly<Record<number, DocumentMigration>> = DOCUMENT_MIGRATIONS,
  target: number = DOCUMENT_VERSION,
): { ok: true; document: Record<string, unknown> } | { ok: false; issues: ValidationIssue[] } {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return fail({
      code: 'E_FORMAT',
      message: 'Not a FlowWeaver workflow document: expected a JSON object',
    });
  }
  let doc = raw as Record<string, unknown>;
  if (doc.format !== DOCUMENT_FORMAT) {
    return fail({
      code: 'E_FORMAT',
      message: `Not a FlowWeaver workflow document: format is ${JSON.stringify(doc.format) ?? 'missing'}, expected "${DOCUMENT_FORMAT}"`,
    });
  }
  let version = doc.version;
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) {
    return fail({
      code: 'E_VERSION',
      message: `Invalid document version ${JSON.stringify(version)}`,
    });
  }
  if (version > target) {
    return fail({
      code: 'E_VERSION',
      message: `This document is version ${version}, newer than this FlowWeaver understands (up to ${target}); please update FlowWeaver`,
    });
  }
  while (version < target) {
    const migrate = migrations[version];
    if (!migrate) {
      return fail({ code: 'E_VERSION', message: `No migration from document version ${version}` });
    }
    doc = migrate(doc);
    version = doc.version;
    if (typeof version !== 'number')
      return fail({ code: 'E_VERSION', message: 'A migration lost the version' });
  }
  return { ok: true, document: doc };
}

function fail(issue: ValidationIssue): { ok: false; issues: ValidationIssue[] } {
  return { ok: false, issues: [issue] };
}

/** Bytes of `text` in UTF-8, without encoding it. */
function utf8Length(text: string): number {
  let bytes = text.length;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) continue;
    if (c < 0x800) bytes += 1;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
      bytes += 2; // a surrogate pair: 4 bytes for 2 units
      i++;
    } else bytes += 2;
  }
  return bytes;
}

// Graph checks run even when the schema fails, on every task that is shaped well enough.
function graphSpecs(doc: Record<string, unknown>) {
  const tasks = Array.isArray(doc.tasks) ? (doc.tasks as unknown[]) : [];
  const specs = [];
  for (const t of tasks) {
    if (typeof t !== 'object' || t === null) continue;
    const { name, dependsOn, code, mapOver, branch, shortCircuit } = t as Record<string, unknown>;
    if (typeof name !== 'string' || !Array.isArray(dependsOn)) continue;
    specs.push({
      name,
      dependsOn: dependsOn.filter((d): d is string => typeof d === 'string'),
      code: typeof code === 'string' ? code : undefined,
      mapOver: typeof mapOver === 'string' ? mapOver : undefined,
      // The options that rule each other out (the schema checks each one's own shape).
      options: {
        ...(branch === true ? { branch } : {}),
        ...(shortCircuit === true ? { shortCircuit } : {}),
        ...(typeof mapOver === 'string' && mapOver !== '' ? { mapOver } : {}),
      },
    });
  }
  return specs;
}

function toIssue(doc: Record<string, unknown>, issue: z.core.$ZodIssue): ValidationIssue {
  const [head, index, key] = issue.path;
  if (head !== 'tasks' || typeof index !== 'number') {
    return {
      code: 'E_SCHEMA',
      message: `Document ${describePath(issue.path, issue)}: ${issue.message}`,
    };
  }
  const entry = (doc.tasks as unknown[])[index] as Record<string, unknown> | undefined;
  const name = typeof entry?.name === 'string' ? entry.name : undefined;
  const label = name !== undefined ? `Task "${name}"` : `Task #${index + 1}`;
  const isOption =
    issue.code === 'unrecognized_keys' || (typeof key === 'string' && TASK_OPTION_KEYS.has(key));
  const code = isOption ? 'E_BAD_OPTION' : key === 'name' ? 'E_INVALID_NAME' : 'E_SCHEMA';
  const what = isOption ? 'option' : 'field';
  return {
    code,
    message: `${label}: ${what} ${describePath(issue.path.slice(2), issue)}: ${issue.message}`,
    ...(name !== undefined ? { task: name } : {}),
  };
}
