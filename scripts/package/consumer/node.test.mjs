// Runs in a consumer project that installed the packed tarball: only `flowweaver` and its own
// dependencies are installed there, so every import below resolves as it would for a user.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { promisify } from 'node:util';
import {
  AsyncExecutor,
  SequentialExecutor,
  ThreadedExecutor,
  Workflow,
  exportMermaid,
} from 'flowweaver';
import { JSONStateStore } from 'flowweaver/node';

const run = promisify(execFile);
const BIN = join(import.meta.dirname, 'node_modules/.bin/flowweaver');

function threeTasks(name) {
  const wf = new Workflow(name);
  wf.addTask(() => 20, { name: 'a' });
  wf.addTask(async (inputs) => inputs.a + 1, { name: 'b', dependsOn: ['a'] });
  wf.addTask((inputs) => inputs.b * 2, { name: 'c', dependsOn: ['b'] });
  return wf;
}

const warnings = [];
const executors = {
  sequential: () => new SequentialExecutor(),
  async: () => new AsyncExecutor(),
  // A warning here would mean the workers did not start and the tasks ran in this thread.
  threaded: () => new ThreadedExecutor({ maxWorkers: 2, onWarning: (m) => warnings.push(m) }),
};

for (const [name, make] of Object.entries(executors)) {
  test(`a 3-task workflow runs under the ${name} executor, recorded in a JSON state file`, async () => {
    const path = join(await mkdtemp(join(tmpdir(), 'fw-consumer-')), 'state.json');
    const store = new JSONStateStore({ path });
    const executor = make();
    const wf = threeTasks(`consumer-${name}`);
    try {
      const result = await wf.execute(executor, { store, runId: 'r1' });
      assert.equal(result.status, 'completed');
      assert.equal(wf.getTaskResult('c'), 42);
      assert.deepEqual(warnings, []);
    } finally {
      await executor.dispose?.();
    }
    await store.flush();
    const saved = await JSONStateStore.fromJSON(await readFile(path, 'utf8'));
    const runs = await saved.listRuns(`consumer-${name}`);
    assert.deepEqual(
      runs.map((r) => [r.runId, r.status]),
      [['r1', 'completed']],
    );
  });
}

test('exportMermaid draws the workflow with its statuses', async () => {
  const wf = threeTasks('mermaid');
  await wf.execute();
  const text = exportMermaid(wf);
  assert.match(text, /^graph TD$/m);
  for (const task of ['a', 'b', 'c']) assert.match(text, new RegExp(`\\["${task}"\\]`));
  assert.match(text, /^ *class t0,t1,t2 completed$/m);
});

test('the flowweaver command runs from the package without tsx', async () => {
  const help = await run(process.execPath, [BIN, '--help']);
  assert.match(help.stdout, /flowweaver run <workflow\.json>/);
  const { version } = JSON.parse(
    await readFile(join(import.meta.dirname, 'node_modules/flowweaver/package.json'), 'utf8'),
  );
  assert.equal((await run(process.execPath, [BIN, '--version'])).stdout, `flowweaver ${version}\n`);
  const dir = await mkdtemp(join(tmpdir(), 'fw-consumer-cli-'));
  const file = join(dir, 'wf.json');
  const doc = {
    format: 'flowweaver.workflow',
    version: 1,
    id: 'cli',
    name: 'cli',
    tasks: [
      { name: 'a', code: 'return 20;', dependsOn: [] },
      { name: 'b', code: 'return a + 1;', dependsOn: ['a'] },
      { name: 'c', code: 'return b * 2;', dependsOn: ['b'] },
      {
        name: 'where',
        code: "return (await import('node:worker_threads')).isMainThread;",
        dependsOn: [],
      },
    ],
  };
  await writeFile(file, JSON.stringify(doc));
  const out = await run(process.execPath, [BIN, 'run', file, '--json']);
  const report = JSON.parse(out.stdout);
  assert.equal(report.status, 'completed');
  assert.equal(report.tasks.c.result, 42);
  assert.equal(
    report.tasks.where.result,
    false,
    'the default (threaded) executor ran it in a worker',
  );
  assert.doesNotMatch(out.stderr, /workers cannot be created/);
  // --sandbox starts prebuilt task processes (dist/cli/sandboxChild.bundle.mjs).
  const boxed = await run(process.execPath, [BIN, 'run', file, '--json', `--sandbox=${dir}/box`], {
    cwd: dir,
  });
  assert.equal(JSON.parse(boxed.stdout).tasks.c.result, 42);
  const mmd = join(dir, 'wf.mmd');
  await run(process.execPath, [BIN, 'mermaid', file, '--out', mmd]);
  assert.match(await readFile(mmd, 'utf8'), /^graph TD$/m);
});
