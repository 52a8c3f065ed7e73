// The run worker's sandbox link against a stand-in sandbox page: real MessagePorts, the real task
// runtime behind them, and a "worker" that can misbehave (forge a report, go silent).
import { afterEach, describe, expect, it } from 'vitest';
import { TaskTimeoutError, ThreadedRunner, type AttemptRequest } from '../engine/index.ts';
import { TaskRuntime } from '../engine/worker/runtime.ts';
import type { SandboxHostMessage } from '../engine/worker/protocol.ts';
import { SANDBOX_DIED, SandboxConnection } from './sandboxConnection.ts';
import type { SandboxControlRequest } from './sandboxProtocol.ts';

type Worker = (port: MessagePort, die: (message: string) => void) => void;

/** A worker running the real runtime, like sandboxTaskRunner.worker.ts. */
const honestWorker =
  (concurrency: number) =>
  (port: MessagePort): void => {
    const runtime = new TaskRuntime(
      (report, transfer) => port.postMessage({ type: 'report', report }, transfer),
      {
        concurrency,
      },
    );
    port.onmessage = (event: MessageEvent<SandboxHostMessage>) => {
      if (event.data.type === 'run') runtime.enqueue(event.data.batch);
      else runtime.abort(event.data.ids, event.data.reason);
    };
    port.postMessage({ type: 'ready' });
  };

/** A stand-in for public/sandbox.html: spawns workers on request, says `alive` while `beating`. */
function fakeSandbox(worker: Worker, options: { beating?: boolean } = {}) {
  const control = new MessageChannel();
  const spawned: number[] = [];
  const terminated: number[] = [];
  const beat = setInterval(() => {
    if (options.beating !== false) control.port2.postMessage({ type: 'alive' });
  }, 50);
  control.port2.onmessage = (event: MessageEvent<SandboxControlRequest>) => {
    const m = event.data;
    if (m.type === 'spawn') {
      spawned.push(m.id);
      const channel = new MessageChannel();
      worker(channel.port1, (message) =>
        control.port2.postMessage({ type: 'exit', id: m.id, message }),
      );
      control.port2.postMessage({ type: 'spawned', id: m.id, port: channel.port2 }, [
        channel.port2,
      ]);
    } else if (m.type === 'terminate') terminated.push(m.id);
  };
  return {
    port: control.port1,
    spawned,
    terminated,
    stop: () => {
      clearInterval(beat);
      control.port2.close();
    },
  };
}

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((f) => f()));

function setup(
  worker: Worker,
  options: {
    beating?: boolean;
    concurrency?: number;
    cancelGraceMs?: number;
    silenceMs?: number;
    now?: () => number;
  } = {},
) {
  const sandbox = fakeSandbox(worker, options);
  const connection = new SandboxConnection(sandbox.port, {
    silenceMs: options.silenceMs ?? 300,
    ...(options.now ? { now: options.now } : {}),
  });
  const concurrency = options.concurrency ?? 1;
  const runner = new ThreadedRunner({
    maxWorkers: 1,
    workerConcurrency: concurrency,
    spawn: connection.spawner(concurrency),
    inThreadFallback: false,
    ...(options.cancelGraceMs !== undefined ? { cancelGraceMs: options.cancelGraceMs } : {}),
  });
  cleanups.push(() => {
    void runner.dispose();
    connection.close();
    sandbox.stop();
  });
  const run = (
    code: string,
    name = 't',
    signal = new AbortController().signal,
  ): Promise<unknown> => {
    const request: AttemptRequest = {
      task: { name, code, options: {}, dependsOn: [] },
      inputs: {},
      ctx: {
        signal,
        attempt: 1,
        runId: 'r',
        taskName: name,
        log: () => {},
        params: {},
        secrets: {},
        skip: () => {
          throw new Error('not skipped here');
        },
      },
      onLog: () => {},
    };
    return runner.run(request);
  };
  return { run, sandbox, connection };
}

describe('SandboxConnection', () => {
  it('runs attempts in a sandboxed worker and brings results back', async () => {
    const { run, sandbox } = setup(honestWorker(1));
    await expect(run('return { secret: 42 };')).resolves.toEqual({ secret: 42 });
    await expect(run('return 1 + 1;')).resolves.toBe(2);
    expect(sandbox.spawned).toEqual([1]); // one warm worker for both
  });

  it('runs several awaiting attempts side by side in one worker (Async)', async () => {
    const { run, sandbox } = setup(honestWorker(3), { concurrency: 3 });
    // Each waits until all three have started: only possible if they overlap.
    const code =
      'globalThis.__n = (globalThis.__n ?? 0) + 1;' +
      'while (globalThis.__n < 3) await new Promise((r) => setTimeout(r, 1));' +
      'return globalThis.__n;';
    await expect(Promise.all([run(code, 'a'), run(code, 'b'), run(code, 'c')])).resolves.toEqual([
      3, 3, 3,
    ]);
    expect(sandbox.spawned).toHaveLength(1);
    delete (globalThis as { __n?: number }).__n;
  });

  it('fails the attempt and replaces a worker that sends something that is not a report', async () => {
    let forged = true;
    const forger: Worker = (port) => {
      if (!forged) return honestWorker(1)(port);
      forged = false;
      port.onmessage = (event: MessageEvent<SandboxHostMessage>) => {
        if (event.data.type !== 'run') return;
        const id = event.data.batch[0]!.id;
        // A task that patched its realm tries to pass off a result without timing, and more.
        port.postMessage({
          type: 'report',
          report: { logs: [], outcomes: [{ type: 'ok', id, value: 666 }], extra: 1 },
        });
      };
      port.postMessage({ type: 'ready' });
    };
    const { run, sandbox } = setup(forger);
    await expect(run('return 42;')).rejects.toThrow(/not a report/);
    await expect(run('return 42;')).resolves.toBe(42); // a fresh, honest worker
    expect(sandbox.terminated).toEqual([1]);
    expect(sandbox.spawned).toEqual([1, 2]);
  });

  it('fails in-flight attempts with a clear error when the sandbox goes silent (its process died)', async () => {
    const { run, connection } = setup(() => {}, { beating: false });
    await expect(run('return 1;')).rejects.toThrow(SANDBOX_DIED);
    expect(connection.dead).toBe(true);
    await expect(run('return 2;')).rejects.toThrow(SANDBOX_DIED);
  });

  it("does not count a stall of its own thread as the sandbox's silence", async () => {
    // The run worker's thread could not run for 10 s (a loaded machine): its watchdog's first tick
    // after that may come before the `alive` messages that queued up meanwhile.
    let stalled = 0;
    const options = { beating: true, silenceMs: 3_000, now: () => Date.now() + stalled };
    const { run, connection } = setup(honestWorker(1), options);
    await expect(run('return 1;')).resolves.toBe(1);
    options.beating = false;
    stalled = 10_000;
    // The watchdog ticks (every 1 s) once or twice before the sandbox is heard again.
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    options.beating = true;
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(connection.dead).toBe(false);
    await expect(run('return 2;')).resolves.toBe(2);
  });
});

describe('a worker running attempts side by side', () => {
  it('never runs an attempt twice when it dies: those it had started fail, the rest move on', async () => {
    const started: string[] = [];
    let first = true;
    const worker: Worker = (port, die) => {
      if (!first) {
        honestWorker(2)(port);
        port.addEventListener('message', (event: MessageEvent<SandboxHostMessage>) => {
          if (event.data.type === 'run') started.push(...event.data.batch.map((a) => a.task.name));
        });
        return;
      }
      first = false;
      port.onmessage = (event: MessageEvent<SandboxHostMessage>) => {
        if (event.data.type !== 'run') return;
        const batch = event.data.batch;
        started.push(...batch.map((a) => a.task.name));
        // Like the runtime side by side: each start is reported before the task can block.
        for (const a of batch)
          port.postMessage({ type: 'report', report: { logs: [], outcomes: [], started: [a.id] } });
        die('out of memory'); // both attempts were running when the worker died
      };
      port.postMessage({ type: 'ready' });
    };
    const { run } = setup(worker, { concurrency: 2 });
    const outcomes = await Promise.allSettled([
      run('return 1;', 'a'),
      run('return 2;', 'b'),
      run('return 3;', 'c'),
    ]);
    // Its start reports and its death arrive on different ports: both count as started.
    for (const [i, name] of [
      [0, 'a'],
      [1, 'b'],
    ] as const)
      expect(outcomes[i]).toMatchObject({
        status: 'rejected',
        reason: { message: expect.stringMatching(new RegExp(`"${name}".*out of memory`)) },
      });
    expect(outcomes[2]).toEqual({ status: 'fulfilled', value: 3 });
    expect(started).toEqual(['a', 'b', 'c']); // b never went to the second worker
  });
});

describe('starts the host knows without a report', () => {
  it('the first attempt sent to an idle worker counts as started: if the worker is replaced it fails, it never runs again', async () => {
    const received: { name: string; startKnown: boolean }[] = [];
    let first = true;
    const worker: Worker = (port) => {
      if (!first) {
        honestWorker(2)(port);
        port.addEventListener('message', (event: MessageEvent<SandboxHostMessage>) => {
          if (event.data.type === 'run')
            for (const a of event.data.batch)
              received.push({ name: a.task.name, startKnown: false });
        });
        return;
      }
      first = false;
      // Takes attempts and says nothing: neither starts nor outcomes (both tasks still running).
      port.onmessage = (event: MessageEvent<SandboxHostMessage>) => {
        if (event.data.type === 'run')
          for (const a of event.data.batch)
            received.push({ name: a.task.name, startKnown: a.startKnown === true });
      };
      port.postMessage({ type: 'ready' });
    };
    const { run } = setup(worker, { concurrency: 2, cancelGraceMs: 20 });
    const a = run('return 1;', 'a');
    await expect.poll(() => received.length).toBe(1);
    const timeout = new AbortController();
    const b = run('return 2;', 'b', timeout.signal);
    await expect.poll(() => received.length).toBe(2);
    expect(received).toEqual([
      { name: 'a', startKnown: true }, // sent to an idle worker: it starts on arrival
      { name: 'b', startKnown: false }, // sent beside a: its start would be reported
    ]);
    // b overruns its timeout and ignores the signal: the worker is replaced after the grace period.
    timeout.abort(new TaskTimeoutError('b', 1, 10));
    await expect(b).rejects.toThrow(/timed out/);
    await expect(a).rejects.toThrow(/"a" was interrupted/);
    await run('return 3;', 'c');
    expect(received.map((r) => r.name)).toEqual(['a', 'b', 'c']); // a never went to the new worker
  });
});

describe('a page that is going away', () => {
  it('after freeze, nothing the sandbox says settles an attempt: not its outcome, not its silence', async () => {
    let release: (() => void) | undefined;
    let reported: (() => void) | undefined;
    const sent = new Promise<void>((resolve) => (reported = resolve));
    const worker: Worker = (port) => {
      port.onmessage = (event: MessageEvent<SandboxHostMessage>) => {
        if (event.data.type !== 'run') return;
        const id = event.data.batch[0]!.id;
        // The task's request is cancelled as the page goes: it catches that and "completes".
        release = () => {
          port.postMessage({
            type: 'report',
            report: {
              logs: [],
              outcomes: [
                {
                  type: 'ok',
                  id,
                  value: 'Failed to fetch',
                  startedAt: 1,
                  finishedAt: 2,
                  durationMs: 1,
                },
              ],
            },
          });
          reported?.();
        };
      };
      port.postMessage({ type: 'ready' });
    };
    const { run, connection, sandbox } = setup(worker);
    let settled = false;
    void run('return await fetch("/slow");').then(
      () => (settled = true),
      () => (settled = true),
    );
    await expect.poll(() => release !== undefined).toBe(true);
    connection.freeze();
    release!();
    await sent;
    sandbox.stop(); // and then the sandbox goes silent, as it would with the page
    await new Promise((resolve) => setTimeout(resolve, 600)); // past the 300 ms silence limit
    expect(settled).toBe(false);
    expect(connection.dead).toBe(false);
  });
});

describe('a page that may be going away (beforeunload)', () => {
  it('holds outcomes back, and delivers them in order when the page stays: nothing is lost', async () => {
    const { run, connection } = setup(honestWorker(1));
    await expect(run('return 0;')).resolves.toBe(0); // the worker is up
    connection.hold();
    let value: unknown = 'pending';
    const attempt = run('return 1;').then((v) => (value = v));
    await new Promise((resolve) => setTimeout(resolve, 400)); // done in the worker, and past the silence limit
    expect(value).toBe('pending');
    expect(connection.dead).toBe(false);
    connection.release();
    await attempt;
    expect(value).toBe(1);
  });
});
