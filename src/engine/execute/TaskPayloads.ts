// What a ThreadedRunner sends a worker for a task: a function's source (checked to be portable) or
// a code task's code, each under a key the workers keep it by, so later attempts send the key alone.
import type { RunnableTask } from '../schedule/TaskRunner.ts';
import type { TaskSourcePayload } from '../worker/protocol.ts';
import { mentionedUpstream } from '../model/codeTask.ts';
import { checkPortable } from './portability.ts';

/** The payloads of one runner's tasks, made once per function and per code and upstream names. */
export class TaskPayloads {
  private readonly payloads = new WeakMap<object, TaskSourcePayload>();
  /** Keys of code-task sources: by code, then by upstream names (see TaskSourcePayload.key). */
  private readonly codeKeys = new Map<string, Map<string, number>>();
  /** By code, then by the task's upstream names: the upstreams it mentions and their key. */
  private readonly codeSources = new Map<
    string,
    Map<string, { upstream: string[]; key: number }>
  >();
  private nextKey = 1;

  /** The task's payload, or why it cannot run in a worker (a function that is not portable). */
  of(task: RunnableTask): TaskSourcePayload | string {
    if (task.fn) {
      const cached = this.payloads.get(task.fn);
      if (cached) return cached.name === task.name ? cached : { ...cached, name: task.name };
      const result = checkPortable(task.fn);
      if (!result.ok) {
        return (
          `Task "${task.name}" cannot run in a worker: ${result.reason}. ` +
          'A ThreadedExecutor task must be self-contained (pass data through inputs), or be a code task.'
        );
      }
      const payload: TaskSourcePayload = {
        kind: 'function',
        name: task.name,
        source: result.source,
        key: this.nextKey++,
      };
      this.payloads.set(task.fn, payload);
      return payload;
    }
    const code = task.code ?? '';
    let byDeps = this.codeSources.get(code);
    if (!byDeps) this.codeSources.set(code, (byDeps = new Map()));
    const deps = JSON.stringify(task.dependsOn);
    let source = byDeps.get(deps);
    if (!source) {
      // Only the upstreams its code mentions can be read as locals: a chain of tasks that read none
      // by name (`return 1;`) shares one key, so a worker compiles it once, not once per task.
      // Found once per code and upstream list, not on every attempt.
      const upstream = mentionedUpstream(code, task.dependsOn);
      source = { upstream, key: this.codeKey(code, upstream) };
      byDeps.set(deps, source);
    }
    return { kind: 'code', name: task.name, code, upstream: source.upstream, key: source.key };
  }

  /**
   * One key per code and upstream names, for the life of this runner: the workers keep the source
   * under it, and later attempts send only the key. The code string is the task's own, so the map
   * finds it without reading it again.
   */
  private codeKey(code: string, upstream: readonly string[]): number {
    let byUpstream = this.codeKeys.get(code);
    if (!byUpstream) this.codeKeys.set(code, (byUpstream = new Map()));
    // JSON, not a join: a name may hold any separator (['a\nb'] is not ['a', 'b']).
    const names = JSON.stringify(upstream);
    let key = byUpstream.get(names);
    if (key === undefined) byUpstream.set(names, (key = this.nextKey++));
    return key;
  }
}
