// Secret values kept in this browser only: localStorage under one key, never in a workflow
// document, a share link or IndexedDB (where the run records live), so no code path that stores or
// exports runs or workflows can pick them up. Not encrypted at rest (docs/running.md says so).
import { create } from 'zustand';
import type { WorkflowDocument } from '../../engine/index.ts';

const KEY = 'flowweaver.secrets';

interface SecretState {
  /** Secret values by name. */
  values: Record<string, string>;
}

function readStorage(): Record<string, string> {
  try {
    const raw: unknown = JSON.parse(globalThis.localStorage?.getItem(KEY) ?? '{}');
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return {};
    const out: Record<string, string> = {};
    for (const [name, value] of Object.entries(raw))
      if (typeof value === 'string') out[name] = value;
    return out;
  } catch {
    return {};
  }
}

/** This browser's secrets (names and values), kept in step with other tabs. */
export const useSecrets = create<SecretState>(() => ({ values: readStorage() }));

if (typeof window !== 'undefined') {
  window.addEventListener('storage', (event) => {
    if (event.key === KEY || event.key === null) useSecrets.setState({ values: readStorage() });
  });
}

function write(values: Record<string, string>): void {
  useSecrets.setState({ values });
  try {
    globalThis.localStorage?.setItem(KEY, JSON.stringify(values));
  } catch {
    // Storage full or refused: the value holds for this page only.
  }
}

/** Sets (or replaces) a secret's value. */
export function setSecret(name: string, value: string): void {
  write({ ...useSecrets.getState().values, [name]: value });
}

/** Forgets a secret. */
export function removeSecret(name: string): void {
  const { [name]: _gone, ...rest } = useSecrets.getState().values;
  write(rest);
}

/** The secret names the tasks of `doc` declare, each once, in order. */
export function declaredSecretNames(doc: Pick<WorkflowDocument, 'tasks'>): string[] {
  const names = new Set<string>();
  for (const task of doc.tasks) for (const name of task.secrets ?? []) names.add(name);
  return [...names];
}

/**
 * What a run of `doc` sends to the run worker: the values of the secrets its tasks declare (and no
 * others), or the names that have no value in this browser.
 */
export function secretsForRun(
  doc: Pick<WorkflowDocument, 'tasks'>,
): { ok: true; secrets: Record<string, string> } | { ok: false; missing: string[] } {
  const { values } = useSecrets.getState();
  const secrets: Record<string, string> = {};
  const missing: string[] = [];
  for (const name of declaredSecretNames(doc)) {
    const value = Object.hasOwn(values, name) ? values[name] : undefined;
    if (value) secrets[name] = value;
    else missing.push(name);
  }
  return missing.length > 0 ? { ok: false, missing } : { ok: true, secrets };
}
