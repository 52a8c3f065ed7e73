// Whether a task function can observe its arguments at all, so a run may skip building them.
import type { TaskFunction } from './types.ts';

/** `() => …` or `async () => …`: an arrow function with an empty parameter list. */
const EMPTY_ARROW = /^(?:async\s*)?\(\s*\)\s*=>/;
const known = new WeakMap<TaskFunction, boolean>();

/**
 * True when `fn` provably never reads its arguments: an arrow function declaring no parameters
 * (arrows have no `arguments` of their own). Anything else — parameters, rest or default
 * parameters, `function` bodies that might use `arguments`, bound functions — is false.
 * Remembered per function, since one function often backs many tasks.
 */
export function ignoresArguments(fn: TaskFunction): boolean {
  let answer = known.get(fn);
  if (answer === undefined) {
    answer = fn.length === 0 && EMPTY_ARROW.test(Function.prototype.toString.call(fn));
    known.set(fn, answer);
  }
  return answer;
}
