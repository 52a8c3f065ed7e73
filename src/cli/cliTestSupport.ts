// Test helpers: spawn the real `flowweaver` command as a process, as cron or CI would.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const BIN = resolve(__dirname, '../../bin/flowweaver.mjs');
export const TESTDATA = resolve(__dirname, 'testdata');
/** A file as the app's Export JSON writes it (positions, options and all). */
export const FROM_APP = resolve(__dirname, '../../e2e/fixtures/diamond.flowweaver.json');

/** What a finished command left behind. */
export interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `flowweaver <args>`; `onStderr` sees stderr so far and can send SIGINT to the command. */
export function cli(
  args: string[],
  env: Record<string, string> = {},
  onStderr?: (text: string, kill: () => void) => void,
): Promise<Run> {
  return new Promise<Run>((done) => {
    const child = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => {
      stderr += d;
      onStderr?.(stderr, () => child.kill('SIGINT'));
    });
    child.on('close', (code) => done({ code, stdout, stderr }));
  });
}

/** A new empty folder under the system's temp folder. */
export function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'fw-cli-'));
}

/** The lines the counted.json workflow's tasks appended to their $FW_COUNTER file. */
export const counted = (file: string): string[] =>
  readFileSync(file, 'utf8').trim().split('\n').filter(Boolean);
