// Run parameters and secrets under every executor: tasks read `params` / `ctx.params`, get only the
// secrets they declare, a run refuses bad parameters and missing secrets before anything runs, and
// a secret's value never reaches a result, log line, error, event or the store (it becomes ***).
import { describe, expect, it } from 'vitest';
import { FlowWeaverError } from '../model/errors.ts';
import type { RunEvent, RunResult, TaskContext } from '../model/types.ts';
import { Workflow } from '../model/Workflow.ts';
import { MemoryStateStore } from '../storage/MemoryStateStore.ts';
import { everyExecutor, task } from './testExecutors.ts';
import type { ExecuteOptions, Executor } from './Executor.ts';

const EXECUTORS = everyExecutor();
const SECRET = 's3cr3t-value-42';

function workflow(tasks: ReturnType<typeof task>[], params: object[] = []): Workflow {
  return Workflow.fromDocument({
    format: 'flowweaver.workflow',
    version: 2,
    id: `wf-${Math.random()}`,
    name: 'p',
    tasks,
    params,
  });
}

async function settle(
  make: () => Executor,
  wf: Workflow,
  options: ExecuteOptions,
): Promise<{ result: RunResult; error?: unknown }> {
  try {
    return { result: await make().execute(wf, options) };
  } catch (error) {
    const result = (error as { result?: RunResult }).result;
    if (!result) throw error;
    return { result, error };
  }
}

describe.each(EXECUTORS)('parameters and secrets (%s)', { timeout: 60_000 }, (_, make) => {
  it('code tasks read params.<name> and ctx.params, defaults filled in; the record keeps them', async () => {
    const wf = workflow(
      [
        task('a', 'return `${params.city}:${ctx.params.limit}`;'),
        task('b', 'return a + "!";', ['a']),
      ],
      [
        { name: 'city', type: 'string', required: true },
        { name: 'limit', type: 'number', default: 5 },
      ],
    );
    const store = new MemoryStateStore();
    const result = await make().execute(wf, { store, params: { city: 'Oslo' } });
    expect(result.tasks.b!.result).toBe('Oslo:5!');
    const [record] = await store.listRuns(wf.id);
    expect(record!.params).toEqual({ city: 'Oslo', limit: 5 });
  });

  it('function tasks get ctx.params and ctx.secrets (API form)', async () => {
    const wf = new Workflow('api', { params: [{ name: 'n', type: 'number', default: 2 }] });
    wf.addTask(
      (_: unknown, ctx: TaskContext) => (ctx.params.n as number) * 21 + ctx.secrets.KEY!.length,
      {
        name: 'f',
        secrets: ['KEY'],
      },
    );
    const result = await make().execute(wf, { secrets: { KEY: 'abc' } });
    expect(result.tasks.f!.result).toBe(45);
  });

  it('refuses unknown, mistyped and missing parameters before anything runs', async () => {
    const wf = workflow([task('a', 'return 1;')], [{ name: 'n', type: 'number', required: true }]);
    const events: RunEvent[] = [];
    const run = make().execute(wf, {
      params: { n: 'x', extra: 1 },
      onEvent: (e) => events.push(e),
    });
    await expect(run).rejects.toThrow(
      /Invalid run parameters: unknown parameter "extra".*; parameter "n" must be a number/,
    );
    await expect(run).rejects.toMatchObject({ code: 'E_BAD_PARAMS' });
    await expect(make().execute(wf)).rejects.toThrow(/missing required parameter "n"/);
    expect(events).toEqual([]);
  });

  it('gives a task only the secrets it declares', async () => {
    const wf = workflow([
      task(
        'uses',
        'return Object.keys(secrets).join(",") + ":" + (secrets.API_KEY === ctx.secrets.API_KEY);',
        [],
        {
          secrets: ['API_KEY'],
        },
      ),
      task('other', 'return JSON.stringify(secrets) + JSON.stringify(ctx.secrets);'),
    ]);
    const result = await make().execute(wf, { secrets: { API_KEY: SECRET, OTHER: 'x' } });
    expect(result.tasks.uses!.result).toBe('API_KEY:true');
    expect(result.tasks.other!.result).toBe('{}{}');
  });

  it('fails at start naming every missing secret', async () => {
    const wf = workflow([
      task('a', 'return 1;', [], { secrets: ['API_KEY', 'DB_PASSWORD'] }),
      task('b', 'return 1;', [], { secrets: ['TOKEN'] }),
    ]);
    const run = make().execute(wf, { secrets: { TOKEN: 't' } });
    await expect(run).rejects.toBeInstanceOf(FlowWeaverError);
    await expect(run).rejects.toMatchObject({
      code: 'E_MISSING_SECRET',
      message: expect.stringMatching(/Missing secrets "API_KEY", "DB_PASSWORD"/),
    });
  });

  it('redacts secret values from results, logs, errors, events and the store', async () => {
    const wf = workflow([
      task(
        'leaky',
        'console.log("key is", secrets.API_KEY); log({ nested: secrets.API_KEY }); return { token: secrets.API_KEY, list: ["x" + secrets.API_KEY] };',
        [],
        { secrets: ['API_KEY'] },
      ),
      task('thrower', 'throw new Error("bad key " + secrets.API_KEY);', [], {
        secrets: ['API_KEY'],
        retries: 1,
      }),
      task('skipper', 'ctx.skip("skip " + secrets.API_KEY);', [], { secrets: ['API_KEY'] }),
      task('down', 'return inputs.leaky.token;', ['leaky']),
    ]);
    const store = new MemoryStateStore();
    const events: RunEvent[] = [];
    const { result, error } = await settle(make, wf, {
      store,
      secrets: { API_KEY: SECRET },
      onEvent: (e) => events.push(e),
    });
    expect(result.tasks.leaky!.result).toEqual({ token: '***', list: ['x***'] });
    expect(result.tasks.down!.result).toBe('***');
    expect(result.tasks.thrower!.error!.message).toContain('bad key ***');
    expect(result.tasks.skipper!.skipMessage).toBe('skip ***');
    const stored = await store.loadRun(wf.id, result.runId);
    const logs = await Promise.all(
      Object.keys(result.tasks).map((name) => store.getLogs(wf.id, result.runId, name)),
    );
    expect(JSON.stringify(logs)).toContain('key is ***');
    for (const text of [
      JSON.stringify(result),
      JSON.stringify(stored),
      JSON.stringify(logs),
      JSON.stringify(events),
      String((error as Error).message),
      String((error as Error).stack),
      JSON.stringify(wf.toDocument()),
    ])
      expect(text).not.toContain(SECRET);
  });
});
