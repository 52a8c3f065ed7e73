// Shared helpers for benchmark suites: timing, medians, and writing a suite's figures to
// bench/out/<suite>.json, which bench/run.mjs merges into bench/results.json and bench/RESULTS.md.
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** One measured figure. */
export interface BenchMetric {
  /** Dotted name from the issue, e.g. `engine.noop_tasks_per_s`, plus a case suffix. */
  name: string;
  value: number;
  unit: string;
  /** The goal in words, e.g. `≥ 3`, shown beside the figure. */
  goal?: string;
  /** True/false when a goal applies and was met or missed. */
  met?: boolean;
  note?: string;
}

const OUT_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', 'out');

/** Where a suite ran: the machine, plus anything suite-specific (browser version, build mode). */
export type BenchInfo = Record<string, string | number>;

/** The machine a suite runs on (recorded per suite, since suites may be re-run one at a time). */
export function machineInfo(): BenchInfo {
  return {
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model ?? 'unknown',
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    platform: `${process.platform}-${process.arch}`,
    // Other work on the machine skews every figure; the 1-minute load when the suite finished.
    loadAvg1m: Number(loadavg()[0]!.toFixed(2)),
  };
}

/** Writes a suite's metrics for bench/run.mjs to merge. */
export function writeBenchResults(
  suite: string,
  metrics: BenchMetric[],
  info: BenchInfo = {},
): void {
  mkdirSync(OUT_DIR, { recursive: true });
  const machine = { ...machineInfo(), ...info };
  writeFileSync(
    join(OUT_DIR, `${suite}.json`),
    JSON.stringify({ suite, measuredAt: new Date().toISOString(), machine, metrics }, null, 2),
  );
  for (const m of metrics) {
    const goal = m.goal
      ? `  (goal ${m.goal}${m.met === undefined ? '' : m.met ? ': met' : ': MISSED'})`
      : '';
    console.log(`${m.name.padEnd(48)} ${formatValue(m.value).padStart(12)} ${m.unit}${goal}`);
  }
}

/** Median of the values. */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Runs `fn` `runs` times (after one warm-up) and returns each duration in ms. */
export async function timeRuns(
  runs: number,
  fn: () => unknown | Promise<unknown>,
): Promise<number[]> {
  await fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await fn();
    times.push(performance.now() - start);
  }
  return times;
}

function formatValue(value: number): string {
  const abs = Math.abs(value);
  if (abs >= 100) return value.toFixed(0);
  // Fractions of a millisecond (a message round trip) keep two significant digits.
  return abs > 0 && abs < 0.1 ? value.toPrecision(2) : value.toFixed(2);
}
