// `flowweaver run` with run parameters (--param, --params) and secrets (FLOWWEAVER_SECRET_<NAME>,
// --secrets-file), as the real command in a process: bad input is exit 2 with one line, and a
// secret's value never reaches stdout, stderr, the state file or the Mermaid output.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { cli, TESTDATA, tempDir } from './cliTestSupport.ts';

vi.setConfig({ testTimeout: 60_000 });

const PARAMS = join(TESTDATA, 'params.json');
const SECRET = join(TESTDATA, 'secret.json');
const VALUE = 'tok-9f8e7d6c5b';

describe('flowweaver run --param / --params', () => {
  it('runs with --param values parsed by type, defaults filled in', async () => {
    const run = await cli([
      'run',
      PARAMS,
      '--json',
      '--param',
      'city=Oslo',
      '--param',
      'loud=true',
      '--param',
      'tags=["a","b"]',
    ]);
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout).tasks.greet.result).toBe('OSLO:2:2');
  });

  it('takes a --params file, with --param over it, and the state file records the values', async () => {
    const dir = tempDir();
    const file = join(dir, 'p.json');
    writeFileSync(file, JSON.stringify({ city: 'Bergen', limit: 7 }));
    const state = join(dir, 'state.json');
    const run = await cli([
      'run',
      PARAMS,
      '--json',
      '--params',
      file,
      '--param',
      'limit=9',
      '--state',
      state,
    ]);
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout).tasks.greet.result).toBe('Bergen:9:0');
    expect(readFileSync(state, 'utf8')).toMatch(/"params":\{"city":"Bergen","limit":9,/);
  });

  it.each([
    [
      ['--param', 'city=Oslo', '--param', 'town=x'],
      /unknown parameter "town" \(this workflow declares: city, limit, loud, tags\)/,
    ],
    [
      ['--param', 'city=Oslo', '--param', 'limit=many'],
      /parameter "limit" must be a number \(got "many"\)/,
    ],
    [['--param', 'city=Oslo', '--param', 'loud=yes'], /parameter "loud" must be true or false/],
    [['--param', 'city'], /--param "city" is not name=value/],
    [[], /missing required parameter "city"/],
  ])('refuses %j with exit 2 and one line', async (extra, message) => {
    const run = await cli(['run', PARAMS, ...extra]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('refuses a --params file that is not a JSON object, or a mistyped value in it', async () => {
    const dir = tempDir();
    const file = join(dir, 'p.json');
    writeFileSync(file, '[1]');
    const notObject = await cli(['run', PARAMS, '--params', file]);
    expect(notObject.code).toBe(2);
    expect(notObject.stderr).toMatch(/--params .*expected a JSON object/);
    writeFileSync(file, JSON.stringify({ city: 3 }));
    const mistyped = await cli(['run', PARAMS, '--params', file]);
    expect(mistyped.code).toBe(2);
    expect(mistyped.stderr).toMatch(/parameter "city" must be a string \(got 3\)/);
  });
});

describe('flowweaver run with secrets', () => {
  it('gives a declared secret from FLOWWEAVER_SECRET_<NAME> and redacts it everywhere', async () => {
    const dir = tempDir();
    const state = join(dir, 'state.json');
    const mermaid = join(dir, 'dag.mmd');
    const run = await cli(
      ['run', SECRET, '--json', '--verbose', '--state', state, '--mermaid', mermaid],
      { FLOWWEAVER_SECRET_API_KEY: VALUE },
    );
    expect(run.code, run.stderr).toBe(0);
    const result = JSON.parse(run.stdout);
    expect(result.tasks.call.result).toEqual({ header: 'Bearer ***', others: ['API_KEY'] });
    expect(result.tasks.peek.result).toBe(0);
    expect(run.stderr).toContain('calling with ***');
    for (const text of [
      run.stdout,
      run.stderr,
      readFileSync(state, 'utf8'),
      readFileSync(mermaid, 'utf8'),
    ])
      expect(text).not.toContain(VALUE);
  });

  it('takes secrets from --secrets-file', async () => {
    const dir = tempDir();
    const file = join(dir, 's.json');
    writeFileSync(file, JSON.stringify({ API_KEY: VALUE }));
    const run = await cli(['run', SECRET, '--json', '--secrets-file', file]);
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout).tasks.call.result.header).toBe('Bearer ***');
    expect(run.stdout).not.toContain(VALUE);
  });

  it('exits 2 naming a missing secret before anything runs', async () => {
    const run = await cli(['run', SECRET]);
    expect(run.code).toBe(2);
    expect(run.stderr.trim()).toBe(
      'Missing secret "API_KEY": declared by this workflow\'s tasks but given no value (set FLOWWEAVER_SECRET_<NAME> or pass --secrets-file)',
    );
  });
});
