// One Redis URL → ioredis connections for BullMQ (which needs `maxRetriesPerRequest: null` so
// commands wait through an outage instead of failing), and a watch that tells when Redis has been
// unreachable and gives up after a configurable time.
import type { Redis, RedisOptions } from 'ioredis';

/** Connection settings derived from a `redis://` or `rediss://` (TLS) URL. */
export function redisOptions(url: string): RedisOptions {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new TypeError(
      `Not a Redis URL: "${url}" (expected redis://[user:password@]host:port[/db])`,
    );
  }
  if (parsed.protocol !== 'redis:' && parsed.protocol !== 'rediss:')
    throw new TypeError(`Not a Redis URL: "${url}" (expected redis:// or rediss://)`);
  const db = parsed.pathname.length > 1 ? Number(parsed.pathname.slice(1)) : 0;
  return {
    host: parsed.hostname || '127.0.0.1',
    port: parsed.port ? Number(parsed.port) : 6379,
    ...(parsed.username ? { username: decodeURIComponent(parsed.username) } : {}),
    ...(parsed.password ? { password: decodeURIComponent(parsed.password) } : {}),
    ...(Number.isInteger(db) && db > 0 ? { db } : {}),
    ...(parsed.protocol === 'rediss:' ? { tls: { servername: parsed.hostname } } : {}),
    maxRetriesPerRequest: null,
    enableReadyCheck: true,
    // Reconnect quickly at first, then every second: an outage of a few seconds costs little.
    retryStrategy: (times: number) => Math.min(50 * times, 1000),
  };
}

/** The URL without its password, for messages and logs. */
export function redactRedisUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(invalid URL)';
  }
}

/** Options of {@link watchRedis}. */
export interface RedisWatchOptions {
  /** Told when Redis goes away and when it is back. */
  onWarning: (message: string) => void;
  /** How long Redis may stay unreachable before `onGiveUp` (ms). */
  unavailableTimeoutMs: number;
  /** Called once when Redis has been unreachable for `unavailableTimeoutMs`. */
  onGiveUp: (error: Error) => void;
  /** Called when Redis is reachable again after an outage. */
  onBack?: () => void;
}

/** Error code of a run stopped because Redis stayed unreachable. */
export const REDIS_UNAVAILABLE = 'E_REDIS_UNAVAILABLE';

/**
 * Watches `client`: a warning when its connection drops, another when it is back, and `onGiveUp`
 * when it stays down past the timeout. Returns a function that stops watching.
 */
export function watchRedis(client: Redis, url: string, options: RedisWatchOptions): () => void {
  let downSince: number | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const where = redactRedisUrl(url);
  const onDown = (): void => {
    if (downSince !== undefined) return;
    downSince = Date.now();
    const seconds = Math.round(options.unavailableTimeoutMs / 1000);
    options.onWarning(`Redis at ${where} is unreachable; waiting up to ${seconds} s for it`);
    timer = setTimeout(() => {
      const error = Object.assign(
        new Error(
          `Redis at ${where} was unreachable for ${seconds} s; the run stopped ` +
            '(run it again with the same --state and run id to resume)',
        ),
        { code: REDIS_UNAVAILABLE },
      );
      options.onGiveUp(error);
    }, options.unavailableTimeoutMs);
    timer.unref?.();
  };
  const onReady = (): void => {
    if (downSince === undefined) return;
    const seconds = ((Date.now() - downSince) / 1000).toFixed(1);
    downSince = undefined;
    clearTimeout(timer);
    options.onWarning(`Redis at ${where} is reachable again (after ${seconds} s)`);
    options.onBack?.();
  };
  const onError = (): void => undefined; // reported through 'close'; keeps ioredis from logging
  client.on('close', onDown);
  client.on('ready', onReady);
  client.on('error', onError);
  return () => {
    clearTimeout(timer);
    client.off('close', onDown);
    client.off('ready', onReady);
    client.off('error', onError);
  };
}
