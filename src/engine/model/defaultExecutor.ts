// The executor `Workflow.execute()` uses when it is given none. The model never imports an
// executor (execute/ depends on model/, not the other way round): SequentialExecutor registers
// itself here when its module loads, which the engine's entry point (index.ts) always does.
import type { Executor } from '../execute/Executor.ts';

let makeDefault: (() => Executor) | undefined;

/** Makes `factory` the executor of `Workflow.execute()` without an executor argument. */
export function registerDefaultExecutor(factory: () => Executor): void {
  makeDefault = factory;
}

/** A new default executor; throws when none is registered (the engine was not imported whole). */
export function createDefaultExecutor(): Executor {
  if (!makeDefault) {
    throw new Error(
      'No default executor: import the engine from its entry point (flowweaver) or pass an executor to execute()',
    );
  }
  return makeDefault();
}
