// The `task()` decorator: options ride on the function itself so it stays directly callable.
import type { TaskFunction, TaskOptions } from './types.ts';

/** Options of `task()`: task options plus an explicit name (defaults to the function's name). */
export interface TaskDecoratorOptions extends TaskOptions {
  name?: string;
}

/** Where `task()` keeps its options; a symbol so it never collides with user properties. */
export const TASK_OPTIONS: unique symbol = Symbol.for('flowweaver.taskOptions');

/** A function marked by `task()`: the same function, plus its FlowWeaver options. */
export type DecoratedTask<F extends TaskFunction = TaskFunction> = F & {
  readonly [TASK_OPTIONS]: TaskDecoratorOptions;
};

/**
 * Marks `fn` as a FlowWeaver task and returns the same function (still callable in unit tests).
 * `workflow.addTask(fn)` then uses these options; the name is `options.name ?? fn.name`.
 */
export function task<F extends TaskFunction>(
  fn: F,
  options: TaskDecoratorOptions = {},
): DecoratedTask<F> {
  Object.defineProperty(fn, TASK_OPTIONS, { value: { ...options }, configurable: true });
  return fn as DecoratedTask<F>;
}

/** The options `task()` attached to `fn`, if any. */
export function getTaskOptions(fn: TaskFunction): TaskDecoratorOptions | undefined {
  return (fn as Partial<DecoratedTask>)[TASK_OPTIONS];
}
