// The secrets each task of a run sees (`ctx.secrets`): only those its `secrets` option names,
// built on the task's first attempt and kept for its next ones.
import type { Task } from '../model/Task.ts';
import type { SchedulerConfig } from './schedulerConfig.ts';

const NO_SECRETS: Readonly<Record<string, string>> = Object.freeze({});

/** Hands each task of one run its own secrets. */
export class TaskSecrets {
  readonly #tasks: readonly Task[];
  /** Holds the run's secret values by name (every declared one is there). */
  readonly #cfg: Pick<SchedulerConfig, 'secrets'>;
  /** Each task's own secrets by task index, built on its first attempt. */
  #own: Map<number, Readonly<Record<string, string>>> | undefined;

  constructor(tasks: readonly Task[], config: Pick<SchedulerConfig, 'secrets'>) {
    this.#tasks = tasks;
    this.#cfg = config;
  }

  /** The secrets task `index` declares, with their values; `{}` when none. */
  of(index: number): Readonly<Record<string, string>> {
    const names = this.#tasks[index]?.options.secrets;
    const all = this.#cfg.secrets;
    if (names === undefined || names.length === 0 || all === undefined) return NO_SECRETS;
    let own = this.#own?.get(index);
    if (own === undefined) {
      const values: Record<string, string> = {};
      for (const name of names) if (Object.hasOwn(all, name)) values[name] = all[name]!;
      own = Object.freeze(values);
      (this.#own ??= new Map()).set(index, own);
    }
    return own;
  }
}
