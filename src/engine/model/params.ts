// Run parameters: what a workflow declares (name, type, default) and the checks a run's values pass.
// Pure: no I/O, shared by the engine, the CLI (text values) and the app's run form.
import './zodSetup.ts';
import { z } from 'zod';
import { FlowWeaverError, type ValidationIssue } from './errors.ts';

/** The types a run parameter may have. */
export const PARAM_TYPES = ['string', 'number', 'boolean', 'json'] as const;
/** A run parameter's type. `json` takes any JSON value (object, array, string, number, …). */
export type ParamType = (typeof PARAM_TYPES)[number];

/** A run parameter as a workflow declares it (document and API form). */
export interface ParamSpec {
  /** An identifier (letters, digits, `_`, not starting with a digit): tasks read `params.<name>`. */
  name: string;
  type: ParamType;
  /** The value a run gets when it passes none; must have the parameter's type. */
  default?: unknown;
  description?: string;
  /** A run must pass a value when there is no default. */
  required?: boolean;
}

/** Names of parameters and secrets: identifiers, so `params.x` / `secrets.X` and env vars work. */
export const PARAM_NAME_PATTERN = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** A parameter entry of a document (its default is checked against its type by {@link checkParamSpecs}). */
export const paramSpecSchema = z.strictObject({
  name: z
    .string()
    .regex(PARAM_NAME_PATTERN, 'must be letters, digits or _, not starting with a digit'),
  type: z.enum(PARAM_TYPES),
  default: z.unknown().optional(),
  description: z.string().optional(),
  required: z.boolean().optional(),
});

/** Why `value` is not a value of `type`, or undefined when it is. */
export function paramTypeProblem(type: ParamType, value: unknown): string | undefined {
  switch (type) {
    case 'string':
      return typeof value === 'string' ? undefined : `must be a string (got ${describe(value)})`;
    case 'number':
      return typeof value === 'number' && Number.isFinite(value)
        ? undefined
        : `must be a number (got ${describe(value)})`;
    case 'boolean':
      return typeof value === 'boolean'
        ? undefined
        : `must be true or false (got ${describe(value)})`;
    case 'json':
      return isJsonValue(value) ? undefined : `must be a JSON value (got ${describe(value)})`;
    default: {
      const never: never = type;
      return `has an unknown type ${String(never)}`;
    }
  }
}

/** Problems of a list of parameter declarations: repeated names, defaults of the wrong type. */
export function checkParamSpecs(specs: readonly ParamSpec[]): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const seen = new Set<string>();
  for (const spec of specs) {
    if (!PARAM_NAME_PATTERN.test(spec.name))
      issues.push({
        code: 'E_BAD_PARAM',
        message: `Parameter "${spec.name}": the name must be letters, digits or _, not starting with a digit`,
      });
    if (seen.has(spec.name))
      issues.push({ code: 'E_BAD_PARAM', message: `Parameter "${spec.name}" is declared twice` });
    seen.add(spec.name);
    if (!(PARAM_TYPES as readonly string[]).includes(spec.type)) {
      issues.push({
        code: 'E_BAD_PARAM',
        message: `Parameter "${spec.name}": unknown type ${JSON.stringify(spec.type)} (expected ${PARAM_TYPES.join(', ')})`,
      });
      continue;
    }
    if (spec.default === undefined) continue;
    const problem = paramTypeProblem(spec.type, spec.default);
    if (problem !== undefined)
      issues.push({
        code: 'E_BAD_PARAM',
        message: `Parameter "${spec.name}": its default ${problem}`,
      });
  }
  return issues;
}

/** The problems of a run's parameter values, one line each (empty: the values are fine). */
export function paramValueProblems(
  specs: readonly ParamSpec[],
  values: Readonly<Record<string, unknown>> = {},
): string[] {
  const problems: string[] = [];
  const known = new Map(specs.map((s) => [s.name, s]));
  const unknown = Object.keys(values).filter((name) => !known.has(name));
  if (unknown.length > 0) {
    const declared = specs.length > 0 ? specs.map((s) => s.name).join(', ') : 'none';
    problems.push(
      `unknown parameter${unknown.length > 1 ? 's' : ''} ${unknown.map((n) => `"${n}"`).join(', ')} (this workflow declares: ${declared})`,
    );
  }
  const missing: string[] = [];
  for (const spec of specs) {
    const value = Object.hasOwn(values, spec.name) ? values[spec.name] : undefined;
    if (value === undefined) {
      if (spec.required && spec.default === undefined) missing.push(spec.name);
      continue;
    }
    const problem = paramTypeProblem(spec.type, value);
    if (problem !== undefined) problems.push(`parameter "${spec.name}" ${problem}`);
  }
  if (missing.length > 0)
    problems.push(
      `missing required parameter${missing.length > 1 ? 's' : ''} ${missing.map((n) => `"${n}"`).join(', ')}`,
    );
  return problems;
}

/**
 * The values a run runs with: each declared parameter's given value, else its default (a
 * parameter with neither is absent). Throws `FlowWeaverError` `E_BAD_PARAMS` naming every unknown,
 * invalid or missing parameter. The result is frozen (tasks share it).
 */
export function resolveParams(
  specs: readonly ParamSpec[],
  values: Readonly<Record<string, unknown>> = {},
): Readonly<Record<string, unknown>> {
  const problems = paramValueProblems(specs, values);
  if (problems.length > 0)
    throw new FlowWeaverError('E_BAD_PARAMS', `Invalid run parameters: ${problems.join('; ')}`);
  const out: Record<string, unknown> = {};
  for (const spec of specs) {
    const given = Object.hasOwn(values, spec.name) ? values[spec.name] : undefined;
    const value = given ?? spec.default;
    if (value !== undefined) out[spec.name] = value;
  }
  return Object.freeze(out);
}

/**
 * A parameter's value from text (a CLI `--param`, a form field): strings as typed, numbers and
 * booleans parsed, `json` as JSON. `{ ok: false, reason }` says why the text does not fit.
 */
export function parseParamText(
  type: ParamType,
  text: string,
): { ok: true; value: unknown } | { ok: false; reason: string } {
  switch (type) {
    case 'string':
      return { ok: true, value: text };
    case 'number': {
      const value = text.trim() === '' ? NaN : Number(text);
      return Number.isFinite(value)
        ? { ok: true, value }
        : { ok: false, reason: `must be a number (got ${JSON.stringify(text)})` };
    }
    case 'boolean':
      if (text === 'true') return { ok: true, value: true };
      if (text === 'false') return { ok: true, value: false };
      return { ok: false, reason: `must be true or false (got ${JSON.stringify(text)})` };
    case 'json':
      try {
        return { ok: true, value: JSON.parse(text) as unknown };
      } catch (error) {
        return { ok: false, reason: `must be JSON: ${(error as Error).message}` };
      }
    default: {
      const never: never = type;
      return { ok: false, reason: `has an unknown type ${String(never)}` };
    }
  }
}

/** A parameter's value as text for a form field or a `--param` (the inverse of {@link parseParamText}). */
export function paramToText(type: ParamType, value: unknown): string {
  if (value === undefined) return '';
  if (type === 'string' && typeof value === 'string') return value;
  return JSON.stringify(value) ?? '';
}

function isJsonValue(value: unknown, depth = 0): boolean {
  if (depth > 100) return false;
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return true;
  if (typeof value === 'number') return Number.isFinite(value);
  if (Array.isArray(value)) return value.every((v) => isJsonValue(v, depth + 1));
  if (typeof value === 'object') {
    const proto = Object.getPrototypeOf(value) as unknown;
    if (proto !== Object.prototype && proto !== null) return false;
    return Object.values(value).every((v) => isJsonValue(v, depth + 1));
  }
  return false;
}

function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (value === null || typeof value !== 'object') return String(value);
  return Array.isArray(value) ? 'an array' : 'an object';
}
