// The app's sources as of another commit, for suites that measure an older build beside the
// current one: `git archive` into a temp dir (the shared checkout, its index and worktrees are
// never touched), with the repo's node_modules linked in (use only where dependencies are equal).
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from './browser.ts';

/** Extracts `commit` into `dir` (emptied first) and links the repo's node_modules into it. */
export function extractCommit(commit: string, dir: string): void {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const tar = join(dir, '..', `${commit}.tar`);
  const archive = execFileSync('git', ['-C', REPO_ROOT, 'archive', '--format=tar', commit], {
    maxBuffer: 1 << 30,
  });
  writeFileSync(tar, archive);
  execFileSync('tar', ['-x', '-f', tar, '-C', dir]);
  rmSync(tar);
  symlinkSync(join(REPO_ROOT, 'node_modules'), join(dir, 'node_modules'), 'dir');
}

/** The one-line subject of `commit`. */
export function commitSubject(commit: string): string {
  return execFileSync('git', ['-C', REPO_ROOT, 'log', '-1', '--format=%h %s', commit], {
    encoding: 'utf8',
  }).trim();
}

/** True when package.json and package-lock.json of `commit` equal the working tree's. */
export function sameDependencies(commit: string): boolean {
  try {
    execFileSync(
      'git',
      ['-C', REPO_ROOT, 'diff', '--quiet', commit, '--', 'package.json', 'package-lock.json'],
      { stdio: 'ignore' },
    );
    return true;
  } catch {
    return false;
  }
}
