// The run worker's end of a task sandbox (public/sandbox.html): starts task workers there over the
// control port, talks to each over its own port with plain validated messages, and notices when the
// sandbox's process is gone (out of memory, crash) by its missing heartbeat.
import type { LinkEvents, SandboxHostMessage, SpawnWorker, WorkerLink } from '../engine/index.ts';
import type { SandboxControlEvent, SandboxControlRequest } from './sandboxProtocol.ts';
import { SilenceWatch } from './silenceWatch.ts';
import { validateReport } from './validateReport.ts';

/** Silence after which the sandbox counts as dead (it says `alive` every 500 ms); see SilenceWatch. */
export const SANDBOX_SILENCE_MS = 3_000;
/** How long a task worker may take to start. */
const SPAWN_TIMEOUT_MS = 15_000;

export const SANDBOX_DIED =
  'the task sandbox stopped responding: a task ran out of memory or crashed its process';

interface Pending {
  resolve(port: MessagePort): void;
  reject(error: Error): void;
}

interface Options {
  silenceMs?: number;
  now?: () => number;
}

/** One control port to one sandbox; any number of task workers in it. */
export class SandboxConnection {
  private nextId = 1;
  private deadReason: Error | undefined;
  /** While held: what the sandbox says (reports, exits, its silence) waits here, in order. */
  private held: (() => void)[] | undefined;
  private frozen = false;
  private readonly pending = new Map<number, Pending>();
  private readonly live = new Map<number, LinkEvents>();
  private readonly watchdog: SilenceWatch;

  constructor(
    private readonly control: MessagePort,
    options: Options = {},
  ) {
    control.onmessage = (event: MessageEvent<SandboxControlEvent>) => this.onControl(event.data);
    this.watchdog = new SilenceWatch({
      silenceMs: options.silenceMs ?? SANDBOX_SILENCE_MS,
      // Held (the page may be going away), silence is not death: it waits for release.
      onSilent: () => {
        if (!this.held) this.die(new Error(SANDBOX_DIED));
      },
      ...(options.now ? { now: options.now } : {}),
    });
  }

  /** True once the sandbox stopped answering (or was closed). */
  get dead(): boolean {
    return this.deadReason !== undefined;
  }

  /** A SpawnWorker for the engine's pool: workers running `concurrency` attempts at once. */
  spawner(concurrency: number): SpawnWorker {
    return (events) => this.spawn(events, concurrency);
  }

  /**
   * Holds back what the sandbox says (outcomes, exits, its silence) until `release`: the page may be
   * about to go away (`beforeunload`), and if it does, what its tasks report while the sandbox is
   * torn down (a request the browser cancelled) is not how they ended.
   */
  hold(): void {
    this.held ??= [];
  }

  /** Delivers what was held back, in order, and listens as before (the page stayed). */
  release(): void {
    const held = this.held;
    this.held = undefined;
    if (this.frozen || !held) return;
    for (const deliver of held) deliver();
  }

  /** Hears nothing more from the sandbox: no outcome, no crash, no silence settles an attempt. */
  freeze(): void {
    this.frozen = true;
    this.held = undefined;
    this.watchdog.stop();
  }

  /** Runs `deliver` now, later (held), or never (frozen). */
  private deliver(deliver: () => void): void {
    if (this.frozen) return;
    if (this.held) this.held.push(deliver);
    else deliver();
  }

  /** Ends every worker of this connection and the connection itself. */
  close(): void {
    this.send({ type: 'close' });
    this.die(new Error('the task sandbox was closed'));
    this.control.close();
  }

  private async spawn(events: LinkEvents, concurrency: number): Promise<WorkerLink> {
    if (this.deadReason) throw this.deadReason;
    const id = this.nextId++;
    const port = await new Promise<MessagePort>((resolve, reject) => {
      const timer = setTimeout(
        () => fail(new Error('the task sandbox did not start a worker in time')),
        SPAWN_TIMEOUT_MS,
      );
      const fail = (error: Error) => {
        clearTimeout(timer);
        this.pending.delete(id);
        reject(error);
      };
      this.pending.set(id, {
        resolve: (p) => {
          clearTimeout(timer);
          this.pending.delete(id);
          resolve(p);
        },
        reject: fail,
      });
      this.send({ type: 'spawn', id, concurrency });
    });
    return this.connect(id, port, events);
  }

  /** Waits for the worker's `ready`, then hands the pool its link. */
  private connect(id: number, port: MessagePort, events: LinkEvents): Promise<WorkerLink> {
    let started = false;
    let ended = false;
    const end = () => {
      ended = true;
      this.live.delete(id);
      port.onmessage = null;
      port.close();
    };
    const link: WorkerLink = {
      run: (batch) => {
        try {
          this.post(port, { type: 'run', batch });
          return Promise.resolve();
        } catch (error) {
          return Promise.reject(error instanceof Error ? error : new Error(String(error)));
        }
      },
      abort: (ids, reason) => this.post(port, { type: 'abort', ids, reason }),
      terminate: () => {
        if (ended) return;
        end();
        this.send({ type: 'terminate', id });
      },
      setBusy: () => undefined,
    };
    return new Promise<WorkerLink>((resolve, reject) => {
      const failStart = (error: Error) => {
        if (ended) return;
        link.terminate();
        reject(error);
      };
      const exit: LinkEvents = {
        onReport: (report) => this.deliver(() => events.onReport(report)),
        onExit: (error) => {
          if (!started) return failStart(error);
          if (ended) return;
          link.terminate();
          events.onExit(error);
        },
      };
      this.live.set(id, exit);
      port.onmessage = (event: MessageEvent<unknown>) =>
        this.deliver(() => {
          const data = event.data as { type?: unknown; report?: unknown } | null;
          if (!started && data?.type === 'ready') {
            started = true;
            resolve(link);
            return;
          }
          const report = started && data?.type === 'report' ? validateReport(data.report) : null;
          if (report) exit.onReport(report);
          else exit.onExit(new Error('the task worker sent a message that is not a report'));
        });
      port.onmessageerror = () =>
        this.deliver(() => exit.onExit(new Error('the task worker sent an unreadable message')));
    });
  }

  private onControl(event: SandboxControlEvent): void {
    if (typeof event !== 'object' || event === null) return;
    if (event.type !== 'alive') return this.deliver(() => this.onControlEvent(event));
    this.watchdog.heard();
  }

  private onControlEvent(event: SandboxControlEvent): void {
    if (event.type === 'spawned' && event.port) {
      this.pending.get(event.id)?.resolve(event.port);
    } else if (event.type === 'exit') {
      const message = `the task worker stopped: ${String(event.message)}`;
      this.pending.get(event.id)?.reject(new Error(message));
      this.live.get(event.id)?.onExit(new Error(message));
    }
  }

  private die(reason: Error): void {
    if (this.deadReason || this.frozen) return;
    this.deadReason = reason;
    this.watchdog.stop();
    for (const pending of [...this.pending.values()]) pending.reject(reason);
    for (const events of [...this.live.values()]) events.onExit(reason);
  }

  private send(message: SandboxControlRequest): void {
    this.control.postMessage(message);
  }

  private post(port: MessagePort, message: SandboxHostMessage): void {
    port.postMessage(message);
  }
}
