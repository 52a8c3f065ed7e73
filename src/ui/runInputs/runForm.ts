// The run form: asked for when a workflow with parameters runs. Fields hold text (a checkbox for a
// boolean); reading them parses each by its declared type and says what is wrong, per field.
import { create } from 'zustand';
import {
  paramToText,
  paramTypeProblem,
  parseParamText,
  type ParamSpec,
  type WorkflowDocument,
} from '../../engine/index.ts';
import { lastParamsOf } from './lastParams.ts';

/** A field's content: text, or a checkbox's state for a boolean parameter. */
export type FieldValue = string | boolean;

/** The form's fields, by parameter name, as the run form starts them. */
export function initialFields(
  specs: readonly ParamSpec[],
  last: Record<string, unknown> = {},
): Record<string, FieldValue> {
  const fields: Record<string, FieldValue> = {};
  for (const spec of specs) {
    const previous = Object.hasOwn(last, spec.name) ? last[spec.name] : undefined;
    const usable =
      previous !== undefined && paramTypeProblem(spec.type, previous) === undefined
        ? previous
        : spec.default;
    fields[spec.name] = spec.type === 'boolean' ? usable === true : paramToText(spec.type, usable);
  }
  return fields;
}

/** The values the fields stand for, and what is wrong with each field that does not fit. */
export function readFields(
  specs: readonly ParamSpec[],
  fields: Readonly<Record<string, FieldValue>>,
): { values: Record<string, unknown>; problems: Record<string, string> } {
  const values: Record<string, unknown> = {};
  const problems: Record<string, string> = {};
  for (const spec of specs) {
    const field = fields[spec.name];
    if (typeof field === 'boolean') {
      values[spec.name] = field;
      continue;
    }
    const text = field ?? '';
    if (text === '') {
      if (spec.required && spec.default === undefined) problems[spec.name] = 'is required';
      continue;
    }
    const parsed = parseParamText(spec.type, text);
    if (parsed.ok) values[spec.name] = parsed.value;
    else problems[spec.name] = parsed.reason;
  }
  return { values, problems };
}

interface PendingForm {
  document: WorkflowDocument;
  resolve: (values: Record<string, unknown> | null) => void;
}

/** The run form waiting for an answer, if any. */
export const useRunForm = create<{ pending: PendingForm | null }>(() => ({ pending: null }));

/**
 * Shows the run form for `doc` (pre-filled with the values it last ran with here, else the
 * defaults); resolves with the values to run with, or null when the form was cancelled.
 */
export function askRunParams(doc: WorkflowDocument): Promise<Record<string, unknown> | null> {
  useRunForm.getState().pending?.resolve(null);
  return new Promise((resolve) => useRunForm.setState({ pending: { document: doc, resolve } }));
}

/** The last values `doc` ran with here (what the form starts from). */
export function lastValuesOf(doc: WorkflowDocument): Record<string, unknown> {
  return lastParamsOf(doc.id) ?? {};
}

/** Answers the form. */
export function answerRunForm(values: Record<string, unknown> | null): void {
  const pending = useRunForm.getState().pending;
  useRunForm.setState({ pending: null });
  pending?.resolve(values);
}
