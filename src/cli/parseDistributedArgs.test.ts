// `flowweaver worker` and `run --executor distributed`: what the command line turns into.
import { afterEach, describe, expect, it } from 'vitest';
import { CliError } from './exitCodes.ts';
import { parseCliArgs } from './parseCliArgs.ts';

afterEach(() => {
  delete process.env.FLOWWEAVER_REDIS_URL;
});

describe('distributed command lines', () => {
  it('parses a worker', () => {
    expect(
      parseCliArgs(['worker', '--redis', 'redis://h:1', '--concurrency', '4', '--queue', 'q']),
    ).toEqual({
      command: 'worker',
      redis: 'redis://h:1',
      queue: 'q',
      concurrency: 4,
      verbose: false,
    });
  });

  it('takes the Redis URL from FLOWWEAVER_REDIS_URL when --redis is absent', () => {
    process.env.FLOWWEAVER_REDIS_URL = 'rediss://u:p@h:6380';
    expect(parseCliArgs(['worker'])).toMatchObject({
      redis: 'rediss://u:p@h:6380',
      concurrency: 1,
    });
  });

  it('parses a distributed run with its limits', () => {
    const cmd = parseCliArgs([
      'run',
      'wf.json',
      '--executor',
      'distributed',
      '--redis',
      'redis://h:1',
      '--max-result-bytes',
      '5000',
      '--redis-timeout',
      '10',
    ]);
    expect(cmd).toMatchObject({
      command: 'run',
      executor: 'distributed',
      distributed: { redis: 'redis://h:1', maxResultBytes: 5000, redisTimeoutMs: 10_000 },
    });
  });

  it.each([
    [['worker'], /needs --redis <url> or FLOWWEAVER_REDIS_URL/],
    [['run', 'wf.json', '--executor', 'distributed'], /--executor distributed needs --redis/],
    [
      ['worker', '--redis', 'redis://h:1', '--concurrency', '0'],
      /--concurrency must be a positive integer/,
    ],
    [['worker', '--redis', 'redis://h:1', 'extra'], /Unexpected arguments: extra/],
  ])('refuses %j (exit 2)', (argv, message) => {
    let error: unknown;
    try {
      parseCliArgs(argv);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(CliError);
    expect((error as CliError).exitCode).toBe(2);
    expect((error as CliError).message).toMatch(message);
  });
});
