// runCommand's order of work, in this process with an injected executor: a local run's workers
// start before the workflow file is read and validated, and end when the file is refused.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SequentialExecutor } from '../engine/index.ts';
import { FROM_APP, TESTDATA } from './cliTestSupport.ts';
import { CliError } from './exitCodes.ts';
import type { LocalExecutor } from './executors.ts';
import { parseCliArgs } from './parseCliArgs.ts';
import { runCommand, type CliIO } from './runCommand.ts';

type RunArgs = Parameters<typeof runCommand>[0];

function recorder() {
  const steps: string[] = [];
  const localExecutor = (kind: string, workers: number | undefined): LocalExecutor => {
    steps.push(`create ${kind}${workers ? ` ${workers}` : ''}`);
    const inner = new SequentialExecutor();
    return {
      warm: (workers) => void steps.push(`warm ${workers ?? 'all'}`),
      execute: (workflow, options) => {
        steps.push(`execute ${workflow.name}`);
        return inner.execute(workflow, options);
      },
      dispose: () => {
        steps.push('dispose');
        return Promise.resolve();
      },
    };
  };
  const io: CliIO = {
    stdout: { write: () => true },
    stderr: { write: () => true },
    signal: new AbortController().signal,
  };
  return { steps, deps: { localExecutor }, io };
}

const run = (argv: string[]) => parseCliArgs(['run', ...argv]) as RunArgs;

describe('runCommand', () => {
  it('starts the executor and its workers before the workflow runs, then ends them', async () => {
    const { steps, deps, io } = recorder();
    const code = await runCommand(run([FROM_APP, '--workers', '2']), io, deps);
    expect(code).toBe(0);
    expect(steps[0]).toBe('create threaded 2');
    expect(steps[1]).toBe('warm 1');
    expect(steps[2]).toMatch(/^execute /);
    expect(steps.at(-1)).toBe('dispose');
  });

  it.each(['sequential', 'async'])('warms the %s worker thread too', async (executor) => {
    const { steps, deps, io } = recorder();
    await runCommand(run([FROM_APP, '--executor', executor]), io, deps);
    expect(steps.slice(0, 2)).toEqual([`create ${executor}`, 'warm 1']);
  });

  it('has started the workers while the file is read, and ends them when it is refused', async () => {
    const { steps, deps, io } = recorder();
    const refused = runCommand(run([join(TESTDATA, 'invalid.json')]), io, deps);
    await expect(refused).rejects.toBeInstanceOf(CliError);
    await expect(refused).rejects.toMatchObject({ exitCode: 2 });
    expect(steps).toEqual(['create threaded', 'warm 1', 'dispose']);
  });
});
