// Edits of the open workflow's run parameters (the Parameters section of the workflow inspector).
import type { ParamSpec, WorkflowDocument } from '../../engine/index.ts';
import { useAppStore } from '../store/appStore.ts';

/** Replaces the workflow's parameters (none: the field is dropped from the document). */
export function setParams(params: readonly ParamSpec[], coalesce?: string): void {
  const { document: doc, commit } = useAppStore.getState();
  const next: WorkflowDocument = { ...doc };
  if (params.length > 0) next.params = params.map((p) => ({ ...p }));
  else delete next.params;
  commit(next, coalesce ? { coalesce: `params:${coalesce}` } : {});
}

/** Changes parameter `index` (keys set to undefined are removed). */
export function updateParam(
  index: number,
  patch: { [K in keyof ParamSpec]?: ParamSpec[K] | undefined },
  field: string,
): void {
  const params = [...(useAppStore.getState().document.params ?? [])];
  const current = params[index];
  if (!current) return;
  const next: Record<string, unknown> = { ...current };
  for (const [key, value] of Object.entries(patch)) {
    if (value === undefined) delete next[key];
    else next[key] = value;
  }
  params[index] = next as unknown as ParamSpec;
  setParams(params, `${index}:${field}`);
}

/** Adds a string parameter with a free name (`param1`, `param2`, …). */
export function addParam(): void {
  const params = useAppStore.getState().document.params ?? [];
  const taken = new Set(params.map((p) => p.name));
  let n = params.length + 1;
  while (taken.has(`param${n}`)) n++;
  setParams([...params, { name: `param${n}`, type: 'string' }]);
}

/** Removes parameter `index`. */
export function removeParam(index: number): void {
  const params = [...(useAppStore.getState().document.params ?? [])];
  params.splice(index, 1);
  setParams(params);
}
