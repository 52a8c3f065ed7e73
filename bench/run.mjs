// `npm run bench`: runs every bench/*.bench.ts suite in its own Node process (through tsx), then
// merges their figures into bench/results.json and a readable bench/RESULTS.md.
// Pass suite names to run a subset: `npm run bench -- engine mermaid`.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const outDir = join(here, 'out');
const only = process.argv.slice(2);
const suites = readdirSync(here)
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => only.length === 0 || only.includes(f.replace(/\.bench\.ts$/, '')));

if (only.length === 0) rmSync(outDir, { recursive: true, force: true });
// A subset merges only what it wrote: figures left in bench/out by earlier runs stay out.
const startedAt = Date.now();
const failed = [];
for (const file of suites) {
  console.log(`\n== ${file}`);
  const run = spawnSync('npx', ['tsx', '--expose-gc', join(here, file)], { stdio: 'inherit' });
  if (run.status !== 0) failed.push(file);
}

const previous = existsSync(join(here, 'results.json'))
  ? JSON.parse(readFileSync(join(here, 'results.json'), 'utf8'))
  : { suites: {} };
const results = {
  generatedAt: new Date().toISOString(),
  machine: {
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
  },
  suites: { ...previous.suites },
};
for (const f of existsSync(outDir)
  ? readdirSync(outDir).filter(
      (name) => name.endsWith('.json') && statSync(join(outDir, name)).mtimeMs >= startedAt,
    )
  : []) {
  const suite = JSON.parse(readFileSync(join(outDir, f), 'utf8'));
  results.suites[suite.suite] = suite;
}
writeFileSync(join(here, 'results.json'), JSON.stringify(results, null, 2) + '\n');
writeFileSync(join(here, 'RESULTS.md'), renderMarkdown(results));
console.log(
  `\nwrote bench/results.json and bench/RESULTS.md (${Object.keys(results.suites).length} suites)`,
);
if (failed.length) {
  console.error(`suites that failed: ${failed.join(', ')}`);
  process.exit(1);
}

function renderMarkdown({ generatedAt, machine, suites: all }) {
  const lines = [
    '# Benchmark results',
    '',
    `Generated ${generatedAt} by \`npm run bench\` on ${machine.cpus} × ${machine.cpuModel ?? 'CPU'}, ${machine.memoryGiB} GiB, Node ${machine.node}.`,
    'Peers are measured side by side in the same run; ratios compare those, never figures from elsewhere.',
    '',
  ];
  for (const suite of Object.values(all)) {
    lines.push(
      `## ${suite.suite}`,
      '',
      `Measured ${suite.measuredAt}.` +
        (suite.machine
          ? ` ${Object.entries(suite.machine)
              .filter(([k]) => !['cpus', 'cpuModel', 'memoryGiB', 'node', 'platform'].includes(k))
              .map(([k, v]) => `${k}: ${v}`)
              .join('; ')}`.trimEnd()
          : ''),
      '',
      '| metric | value | unit | goal | met | note |',
      '|---|---:|---|---|---|---|',
    );
    for (const m of suite.metrics) {
      const value =
        typeof m.value !== 'number' || !Number.isFinite(m.value)
          ? 'n/a'
          : Math.abs(m.value) >= 100
            ? m.value.toFixed(0)
            : Math.abs(m.value) > 0 && Math.abs(m.value) < 0.1
              ? m.value.toPrecision(2)
              : m.value.toFixed(2);
      const met = m.met === undefined ? '' : m.met ? 'yes' : '**no**';
      lines.push(
        `| ${m.name} | ${value} | ${m.unit} | ${m.goal ?? ''} | ${met} | ${m.note ?? ''} |`,
      );
    }
    lines.push('');
  }
  return lines.join('\n');
}
