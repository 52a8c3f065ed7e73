// The rules of a task name as the inspector applies them while you type (pure).
import { MAX_TASK_NAME_LENGTH } from '../../engine/index.ts';

/**
 * The name a typed draft renames the task to: the draft without surrounding whitespace. The engine
 * refuses names that start or end with whitespace, so the field trims instead of refusing each
 * space typed between two words; the trimmed name shows in the field when it loses focus.
 */
export function nameToApply(draft: string): string {
  return draft.trim();
}

/** Why a typed draft cannot rename the task `current`, or `null`. */
export function nameProblem(
  draft: string,
  current: string,
  taken: readonly string[],
): string | null {
  const name = nameToApply(draft);
  if (name.length === 0)
    return draft.length === 0 ? 'A task needs a name.' : 'A name cannot be only spaces.';
  if (name.length > MAX_TASK_NAME_LENGTH)
    return `A name is at most ${MAX_TASK_NAME_LENGTH} characters.`;
  if (name !== current && taken.includes(name)) return `Another task is already named "${name}".`;
  return null;
}
