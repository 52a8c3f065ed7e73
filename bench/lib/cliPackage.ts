// The `flowweaver` command as users install it, for suites that time it: the working tree's package
// (packed and installed into a consumer project, scripts/package/pack.mjs) and, beside it, the
// package of an older commit (its sources from `git archive`, built with its own build script, laid
// out as an installed package next to the same dependencies), so a change is measured before and
// after in the same run. Processes are spawned and timed from here, wall clock.
import { execFileSync, spawn } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { packedConsumer } from '../../scripts/package/pack.mjs';
import { REPO_ROOT } from './browser.ts';
import { extractCommit } from './commitTree.ts';

/** Wall-clock ms with sub-ms precision, comparable across processes on this machine. */
export const wallNow = (): number => performance.timeOrigin + performance.now();

let modules: string | undefined;

/**
 * The installed package's dependencies (node_modules of the consumer project), packed once per
 * process: the working tree may change meanwhile in a shared checkout.
 */
function consumerModules(): string {
  modules ??= join(packedConsumer().consumer, 'node_modules');
  return modules;
}

/** `bin/flowweaver.mjs` of the working tree's package, installed. */
export function installedBin(): string {
  return join(consumerModules(), 'flowweaver', 'bin', 'flowweaver.mjs');
}

/**
 * The package measured as "after": the working tree's, or with CLI_AFTER=<commit> that commit's
 * (other work in progress in a shared checkout then stays out of the figure).
 */
export function afterBin(): { bin: string; label: string } {
  const commit = process.env.CLI_AFTER;
  return commit
    ? { bin: binAtCommit(commit), label: `the package of ${commit}` }
    : { bin: installedBin(), label: 'the installed package (working tree)' };
}

/**
 * The package measured as "before": `commit`, or with CLI_BEFORE_REVERT=<c1,c2> the after tree
 * (CLI_AFTER, else HEAD) without those commits.
 */
export function beforeBin(commit: string): { bin: string; label: string } {
  const reverts = (process.env.CLI_BEFORE_REVERT ?? '').split(',').filter(Boolean);
  if (reverts.length === 0) return { bin: binAtCommit(commit), label: `the package of ${commit}` };
  const base = process.env.CLI_AFTER ?? 'HEAD';
  return {
    bin: binAtCommit(base, [...reverts].reverse()),
    label: `the package of ${base} without ${reverts.join(', ')}`,
  };
}

/**
 * `bin/flowweaver.mjs` of `commit`'s package: built from its sources, laid out as installed. With
 * `reverts`, those commits' changes to src/ are taken back first (newest first), so a change can be
 * measured against the same tree without it rather than against an older tree.
 */
export function binAtCommit(commit: string, reverts: readonly string[] = []): string {
  const tmp = mkdtempSync(join(tmpdir(), 'fw-cli-before-'));
  const src = join(tmp, 'src');
  extractCommit(commit, src);
  for (const revert of reverts) {
    const patch = execFileSync(
      'git',
      ['-C', REPO_ROOT, 'diff', revert, `${revert}^`, '--', 'src'],
      {
        maxBuffer: 1 << 28,
      },
    );
    execFileSync('git', ['apply', '-'], { cwd: src, input: patch });
  }
  execFileSync(process.execPath, [join(src, 'scripts/package/build.mjs')], {
    cwd: src,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const pkg = join(tmp, 'package');
  mkdirSync(pkg);
  for (const part of ['bin', 'dist', 'package.json'])
    cpSync(join(src, part), join(pkg, part), { recursive: true });
  // No src/ beside bin/: the launcher runs the built dist/, as an installed package does.
  symlinkSync(consumerModules(), join(pkg, 'node_modules'), 'dir');
  return join(pkg, 'bin', 'flowweaver.mjs');
}

/** One process of the command: when it was spawned and when it exited (wall clock), its output. */
export interface CliRun {
  spawnedAt: number;
  exitedAt: number;
  stdout: string;
  stderr: string;
  code: number | null;
}

/** Spawns `node <bin> <args>` (`bin` null: `node <args>`) in the repo folder. */
export function runCli(
  bin: string | null,
  args: readonly string[],
  env: Record<string, string> = {},
): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const spawnedAt = wallNow();
    const child = spawn(process.execPath, bin === null ? args : [bin, ...args], {
      cwd: REPO_ROOT,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => {
      // Keep only the tail: the summary line is last, and 10,000 progress lines need not pile up.
      stderr = (stderr + chunk).slice(-4096);
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ spawnedAt, exitedAt: wallNow(), stdout, stderr, code }));
  });
}

/** Throws unless the process exited 0. */
export function checkExit(run: CliRun, what: string): void {
  if (run.code !== 0) throw new Error(`${what} exited with ${run.code}:\n${run.stderr}`);
}
