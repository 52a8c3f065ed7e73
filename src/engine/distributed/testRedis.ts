// Test and bench support: a private redis-server (Debian's) on a free loopback port with its own
// temporary folder, stopped by the caller. Never a shared instance. Node only.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A running private Redis. */
export interface TestRedis {
  readonly port: number;
  readonly url: string;
  /** Stops the server (SIGTERM, SIGKILL after 3 s). Data survives in `dir` until `stop`. */
  kill(): Promise<void>;
  /** Starts it again on the same port and folder (its append-only file brings the data back). */
  restart(): Promise<void>;
  /** Stops it for good and removes its folder. */
  stop(): Promise<void>;
}

/** Ports never used: the e2e preview (4173) and the screenshots server (4180). */
const RESERVED = new Set([4173, 4180]);

/** A free loopback port picked by the system (never one of the reserved ones). */
export async function freePort(): Promise<number> {
  for (;;) {
    const port = await new Promise<number>((resolve, reject) => {
      const server = createServer();
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => {
        const address = server.address();
        server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
      });
    });
    if (port > 0 && !RESERVED.has(port)) return port;
  }
}

/** The redis-server binary: `REDIS_SERVER`, else Debian's, else the one on the PATH. */
export function redisServerPath(): string {
  if (process.env.REDIS_SERVER) return process.env.REDIS_SERVER;
  return existsSync('/usr/bin/redis-server') ? '/usr/bin/redis-server' : 'redis-server';
}

/** Options of {@link startTestRedis}. */
export interface TestRedisOptions {
  /**
   * When the append-only file is synced: `always` (default: after every write, so a restart in a
   * fault test keeps every job; each write then waits for the disk), or `everysec` (Redis's
   * default with `appendonly yes`, as docs/operating.md sets a production Redis up: benchmarks).
   */
  appendfsync?: 'always' | 'everysec';
}

/**
 * Starts redis-server on 127.0.0.1 at a free port, in a fresh temporary folder, with an
 * append-only file (synced on every write unless `appendfsync` says otherwise).
 */
export async function startTestRedis(options: TestRedisOptions = {}): Promise<TestRedis> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'flowweaver-redis-'));
  let child: ChildProcess | undefined;
  const launch = async (): Promise<void> => {
    const proc = spawn(
      redisServerPath(),
      [
        '--port',
        String(port),
        '--bind',
        '127.0.0.1',
        '--dir',
        dir,
        '--save',
        '',
        '--appendonly',
        'yes',
        '--appendfsync',
        options.appendfsync ?? 'always',
        '--protected-mode',
        'yes',
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    child = proc;
    await new Promise<void>((resolve, reject) => {
      let out = '';
      const onData = (chunk: Buffer): void => {
        out += chunk.toString();
        if (out.includes('Ready to accept connections')) {
          proc.stdout?.off('data', onData);
          proc.stdout?.resume();
          resolve();
        }
      };
      proc.stdout?.on('data', onData);
      proc.stderr?.resume();
      proc.once('error', reject);
      proc.once('exit', (code) =>
        reject(new Error(`redis-server exited (${String(code)}) before it was ready:\n${out}`)),
      );
    });
  };
  const kill = async (): Promise<void> => {
    const proc = child;
    child = undefined;
    if (!proc || proc.exitCode !== null) return;
    const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
    proc.kill('SIGTERM');
    const timer = setTimeout(() => proc.kill('SIGKILL'), 3000);
    await exited;
    clearTimeout(timer);
  };
  await launch();
  return {
    port,
    url: `redis://127.0.0.1:${port}`,
    kill,
    restart: async () => {
      await kill();
      await launch();
    },
    stop: async () => {
      await kill();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
