import { describe, expect, it } from 'vitest';
import { checkTaskName } from '../../engine/index.ts';
import { nameProblem, nameToApply } from './taskName.ts';

describe('task names typed in the inspector', () => {
  it.each([
    ['', 'A task needs a name.'],
    ['   ', 'A name cannot be only spaces.'],
    ['\t\u00a0', 'A name cannot be only spaces.'],
    ['n'.repeat(129), 'A name is at most 128 characters.'],
    ['b', 'Another task is already named "b".'],
    [' b ', 'Another task is already named "b".'],
  ])('refuses %j', (draft, problem) => {
    expect(nameProblem(draft, 'a', ['a', 'b'])).toBe(problem);
  });

  it('applies a name without its surrounding whitespace, which the engine accepts', () => {
    expect(nameProblem(' load data ', 'a', ['a', 'b'])).toBeNull();
    expect(nameToApply(' load data ')).toBe('load data');
    expect(checkTaskName(nameToApply(' load data '))).toBeNull();
    expect(checkTaskName(' load data ')?.code).toBe('E_INVALID_NAME');
    // Typing the space between two words renames to the first word only: no problem shown.
    expect(nameProblem('load ', 'load', ['load'])).toBeNull();
  });
});
