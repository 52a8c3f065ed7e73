import { describe, expect, it } from 'vitest';
import { SequentialExecutor } from '../execute/SequentialExecutor.ts';
import { TRIGGER_RULES, type TriggerRule } from '../model/status.ts';
import { Workflow } from '../model/Workflow.ts';
import { Decision, decide, type UpstreamCounts } from './triggerRules.ts';

// Upstream outcomes as Airflow names them: S success, F failed, U upstream_failed, K skipped.
type Outcome = 'S' | 'F' | 'U' | 'K';
// What becomes of the task: R runs, U upstream_failed, K skipped, W still waiting.
type Verdict = 'R' | 'U' | 'K' | 'W';

const VERDICT: Record<Decision, Verdict> = {
  [Decision.Wait]: 'W',
  [Decision.Run]: 'R',
  [Decision.SkipUpstreamFailed]: 'U',
  [Decision.SkipTriggerRule]: 'K',
};

function countsOf(total: number, arrived: readonly Outcome[]): UpstreamCounts {
  const n = (o: Outcome) => arrived.filter((a) => a === o).length;
  return {
    total,
    done: arrived.length,
    succeeded: n('S'),
    failed: n('F'),
    upstreamFailed: n('U'),
    skipped: n('K'),
  };
}

/**
 * Feeds upstream outcomes one at a time, as the ready set does, and returns the first decision
 * other than waiting with the number of arrivals it took (0: before any upstream finished).
 */
function engineAfter(rule: TriggerRule, total: number, arrivals: readonly Outcome[]): string {
  for (let k = 0; k <= arrivals.length; k++) {
    const verdict = VERDICT[decide(rule, countsOf(total, arrivals.slice(0, k)))];
    if (verdict !== 'W') return `${verdict}@${k}`;
  }
  return 'W';
}

// Airflow's documentation of the rules (airflow-core/docs/core-concepts/dags.rst, "Trigger
// Rules"), spelled out for two upstream tasks. Columns are the ten mixes of two final outcomes;
// a cell with two letters depends on the arrival order: the first letter when the upstream tasks
// finish in the column's order, the second when they finish the other way round.
const MIXES = ['SS', 'SF', 'SU', 'SK', 'FF', 'FU', 'FK', 'UU', 'UK', 'KK'] as const;
const DOCUMENTED: Record<TriggerRule, string> = {
  //                           SS  SF  SU  SK  FF  FU  FK  UU  UK  KK
  // "All upstream tasks have succeeded"; a failure marks it upstream_failed, a skip skips it,
  // and with one of each the first to finish decides.
  all_success: /*           */ 'R   U   U   K   U   U   UK  U   UK  K',
  // "All upstream tasks are in a failed or upstream_failed state"
  all_failed: /*            */ 'K   K   K   K   R   R   K   R   K   K',
  // "All upstream tasks are done with their execution"
  all_done: /*              */ 'R   R   R   R   R   R   R   R   R   R',
  // "All non-skipped upstream tasks are done with their execution and at least one upstream task
  // has succeeded" — Airflow's implementation skips the task as soon as an upstream is skipped.
  all_done_min_one_success: 'R   R   R   K   U   U   K   U   K   K',
  // "All upstream tasks are in a skipped state"
  all_skipped: /*           */ 'K   K   K   K   K   K   K   K   K   R',
  // "At least one upstream task has failed" (failed or upstream_failed)
  one_failed: /*            */ 'K   R   R   K   R   R   R   R   R   K',
  // "At least one upstream task has succeeded"; none did: skipped when all were skipped, else
  // upstream_failed
  one_success: /*           */ 'R   R   R   R   U   U   U   U   U   K',
  // "At least one upstream task succeeded or failed" (upstream_failed does not count)
  one_done: /*              */ 'R   R   R   R   R   R   R   K   K   K',
  // "All upstream tasks have not failed or upstream_failed - that is, all upstream tasks have
  // succeeded or been skipped"
  none_failed: /*           */ 'R   U   U   R   U   U   U   U   U   R',
  // "All upstream tasks have not failed or upstream_failed, and at least one upstream task has
  // succeeded"
  none_failed_min_one_success: 'R   U   U   R   U   U   U   U   U   K',
  // "No upstream task is in a skipped state - that is, all upstream tasks are in a success,
  // failed, or upstream_failed state"
  none_skipped: /*          */ 'R   R   R   K   R   R   K   R   K   K',
  // "No dependencies at all, run this task at any time"
  always: /*                */ 'R   R   R   R   R   R   R   R   R   R',
};

const documentedRows: [TriggerRule, string, Verdict][] = TRIGGER_RULES.flatMap((rule) => {
  const cells = DOCUMENTED[rule].trim().split(/\s+/);
  expect(cells).toHaveLength(MIXES.length);
  return MIXES.flatMap((mix, m) => {
    const cell = cells[m]!;
    const reversed = [...mix].reverse().join('');
    return [
      [rule, mix, cell[0] as Verdict],
      [rule, reversed, (cell[1] ?? cell[0]) as Verdict],
    ] as [TriggerRule, string, Verdict][];
  });
});

describe("decide: every rule against the table from Airflow's documentation", () => {
  it('covers all twelve documented rules', () => {
    expect(TRIGGER_RULES).toHaveLength(12);
    expect(Object.keys(DOCUMENTED).sort()).toEqual([...TRIGGER_RULES].sort());
  });

  it.each(documentedRows)(
    '%s with upstream outcomes %s arriving in order → %s',
    (rule, mix, verdict) => {
      const decided = engineAfter(rule, mix.length, [...mix] as Outcome[]);
      expect(decided.split('@')[0]).toBe(verdict);
    },
  );
});

// When a rule decides before every upstream is done ("does not wait for all upstream tasks to be
// done"), and when it must wait. [rule, upstream count, arrivals, verdict@arrival | W]
const early: [TriggerRule, number, string, string][] = [
  ['always', 3, '', 'R@0'],
  ['one_success', 3, 'S', 'R@1'],
  ['one_success', 3, 'FKS', 'R@3'],
  ['one_success', 3, 'FK', 'W'],
  ['one_failed', 3, 'F', 'R@1'],
  ['one_failed', 3, 'U', 'R@1'],
  ['one_failed', 3, 'SK', 'W'],
  ['one_done', 3, 'F', 'R@1'],
  ['one_done', 3, 'KS', 'R@2'],
  ['one_done', 3, 'UK', 'W'],
  ['one_done', 3, 'UKU', 'K@3'],
  ['all_success', 3, 'SF', 'U@2'],
  ['all_success', 3, 'K', 'K@1'],
  ['all_success', 3, 'SS', 'W'],
  ['all_failed', 3, 'FS', 'K@2'],
  ['all_failed', 3, 'FU', 'W'],
  ['all_done', 3, 'FKU', 'R@3'],
  ['all_done', 3, 'FK', 'W'],
  ['all_done_min_one_success', 3, 'K', 'K@1'],
  ['all_done_min_one_success', 3, 'FS', 'W'],
  ['all_done_min_one_success', 3, 'FSF', 'R@3'],
  ['all_done_min_one_success', 3, 'FUF', 'U@3'],
  ['all_skipped', 3, 'S', 'K@1'],
  ['all_skipped', 3, 'U', 'K@1'],
  ['all_skipped', 3, 'KK', 'W'],
  ['none_failed', 3, 'U', 'U@1'],
  ['none_failed', 3, 'SK', 'W'],
  ['none_failed_min_one_success', 3, 'KF', 'U@2'],
  ['none_failed_min_one_success', 3, 'KK', 'W'],
  ['none_failed_min_one_success', 3, 'KKK', 'K@3'],
  ['none_failed_min_one_success', 3, 'KKS', 'R@3'],
  ['none_skipped', 3, 'SK', 'K@2'],
  ['none_skipped', 3, 'SFU', 'R@3'],
];

describe('decide: as early as the outcome is certain, never earlier', () => {
  it.each(early)('%s with %i upstream, after %s → %s', (rule, total, arrivals, expected) => {
    expect(engineAfter(rule, total, [...arrivals] as Outcome[])).toBe(expected);
  });

  it('runs every rule at once for a task without upstream', () => {
    for (const rule of TRIGGER_RULES) expect(engineAfter(rule, 0, [])).toBe('R@0');
  });
});

/**
 * Airflow's `TriggerRuleDep._evaluate_direct_relatives` (airflow-core, ti_deps/deps/
 * trigger_rule_dep.py), transcribed branch by branch: with the scheduler's
 * `flag_upstream_failed`, first the state a task is given before it runs (`upstream_failed` or
 * `skipped`), then whether the rule passes. Returns 'W' while it neither passes nor is decided.
 */
function airflow(rule: TriggerRule, upstream: number, arrived: readonly Outcome[]): Verdict {
  const count = (o: Outcome) => arrived.filter((a) => a === o).length;
  const success = count('S');
  const failed = count('F');
  const upstreamFailed = count('U');
  const skipped = count('K');
  const done = arrived.length;
  if (upstream === 0 || rule === 'always') return 'R';
  const upstreamDone = done >= upstream;
  let state: Verdict | undefined;
  switch (rule) {
    case 'all_success':
      if (upstreamFailed || failed) state = 'U';
      else if (skipped) state = 'K';
      break;
    case 'all_failed':
      if (success || skipped) state = 'K';
      break;
    case 'one_success':
      if (upstreamDone && done === skipped) state = 'K';
      else if (upstreamDone && success <= 0) state = 'U';
      break;
    case 'one_failed':
      if (upstreamDone && !(failed || upstreamFailed)) state = 'K';
      break;
    case 'one_done':
      if (upstreamDone && !(failed || success)) state = 'K';
      break;
    case 'none_failed':
      if (upstreamFailed || failed) state = 'U';
      break;
    case 'none_failed_min_one_success':
      if (upstreamFailed || failed) state = 'U';
      else if (skipped === upstream) state = 'K';
      break;
    case 'none_skipped':
      if (skipped) state = 'K';
      break;
    case 'all_skipped':
      if (success || failed || upstreamFailed) state = 'K';
      break;
    case 'all_done_min_one_success':
      if (skipped > 0) state = 'K';
      else if (success + failed + upstreamFailed >= upstream - skipped && success === 0)
        state = 'U';
      break;
    default:
      break;
  }
  if (state) return state;
  let passes: boolean;
  switch (rule) {
    case 'one_success':
      passes = success > 0;
      break;
    case 'one_failed':
      passes = failed > 0 || upstreamFailed > 0;
      break;
    case 'one_done':
      passes = success + failed > 0;
      break;
    case 'all_success':
      passes = upstream - success <= 0;
      break;
    case 'all_failed':
      passes = upstream - failed - upstreamFailed <= 0;
      break;
    case 'all_done':
      passes = upstreamDone;
      break;
    case 'none_failed':
    case 'none_failed_min_one_success':
      passes = upstream - success - skipped <= 0;
      break;
    case 'none_skipped':
      passes = upstreamDone && skipped === 0;
      break;
    case 'all_skipped':
      passes = upstream - skipped <= 0;
      break;
    case 'all_done_min_one_success':
      passes = skipped === 0 && success + failed + upstreamFailed >= upstream && success > 0;
      break;
    default:
      passes = false;
  }
  return passes ? 'R' : 'W';
}

/** Every arrival order of one to three upstream outcomes. */
function sequences(max: number): Outcome[][] {
  const out: Outcome[][] = [];
  const grow = (prefix: Outcome[]) => {
    if (prefix.length > 0) out.push(prefix);
    if (prefix.length === max) return;
    for (const o of ['S', 'F', 'U', 'K'] as const) grow([...prefix, o]);
  };
  grow([]);
  return out;
}

describe("decide agrees with Airflow's TriggerRuleDep", () => {
  // 84 arrival orders × 12 rules. The scheduler evaluates a task after each upstream finishes;
  // Airflow's scheduler evaluates it on its next loop, which may see several finished at once —
  // evaluating after each arrival is the schedule where it sees them one at a time.
  const orders = sequences(3);
  it.each(TRIGGER_RULES)('%s: same verdict, at the same arrival, for every order', (rule) => {
    for (const arrivals of orders) {
      let reference = 'W';
      for (let k = 0; k <= arrivals.length; k++) {
        const verdict = airflow(rule, arrivals.length, arrivals.slice(0, k));
        if (verdict !== 'W') {
          reference = `${verdict}@${k}`;
          break;
        }
      }
      expect(engineAfter(rule, arrivals.length, arrivals), arrivals.join('')).toBe(reference);
    }
  });
});

describe('trigger rules in documents', () => {
  const docWith = (triggerRule: string) => ({
    format: 'flowweaver.workflow',
    version: 1,
    id: 'rules',
    name: 'rules',
    tasks: [
      { name: 'a', code: 'return 1;', dependsOn: [] },
      { name: 'b', code: 'return 2;', dependsOn: ['a'], triggerRule },
    ],
  });

  it.each(TRIGGER_RULES)('accepts %s and keeps it through toDocument', (rule) => {
    const wf = Workflow.fromDocument(docWith(rule));
    expect(wf.getTask('b')!.options.triggerRule).toBe(rule);
    expect(wf.toDocument().tasks[1]!.triggerRule).toBe(rule);
  });

  it('refuses a rule Airflow does not document, naming the option', () => {
    expect(() => Workflow.fromDocument(docWith('none_failed_or_skipped'))).toThrow(/triggerRule/);
  });
});

describe('trigger rules in a run', () => {
  /** Adds a task that ends with `outcome` (a real failure, skip or upstream failure). */
  function addUpstream(wf: Workflow, name: string, outcome: Outcome): void {
    if (outcome === 'S') wf.addTask(() => 'ok', { name });
    else if (outcome === 'F')
      wf.addTask(
        () => {
          throw new Error('bad');
        },
        { name },
      );
    else if (outcome === 'U') {
      wf.addTask(
        () => {
          throw new Error('bad');
        },
        { name: `${name}_root` },
      );
      wf.addTask(() => 1, { name, dependsOn: [`${name}_root`] });
    } else {
      wf.addTask(() => 1, { name: `${name}_root` });
      wf.addTask(() => 1, { name, dependsOn: [`${name}_root`], triggerRule: 'one_failed' });
    }
  }

  const STATE: Record<Verdict, string> = {
    R: 'completed',
    U: 'skipped/upstream_failed',
    K: 'skipped/trigger_rule',
    W: 'pending',
  };

  const runRows: [TriggerRule, string, string][] = TRIGGER_RULES.flatMap((rule) => {
    const cells = DOCUMENTED[rule].trim().split(/\s+/);
    return MIXES.map((mix, m) => [rule, mix, cells[m]!] as [TriggerRule, string, string]);
  });

  it.each(runRows)('%s after upstream outcomes %s → %s', async (rule, mix, cell) => {
    const wf = new Workflow(rule);
    const names = [...mix].map((o, k) => `${o}${k}`);
    [...mix].forEach((o, k) => addUpstream(wf, names[k]!, o as Outcome));
    wf.addTask(() => 'judged', { name: 'judge', dependsOn: names, triggerRule: rule });
    await wf.execute(new SequentialExecutor()).catch(() => undefined);
    const judge = wf.getTask('judge')!;
    // A two-letter cell depends on which upstream finishes first: either is Airflow's answer.
    const allowed = [...cell].map((v) => STATE[v as Verdict]);
    const got = judge.skipReason ? `${judge.status}/${judge.skipReason}` : judge.status;
    expect(allowed).toContain(got);
  });

  it('none_failed_min_one_success skips a join whose upstream were all skipped; none_failed runs it', async () => {
    const wf = new Workflow('join');
    addUpstream(wf, 'left', 'K');
    addUpstream(wf, 'right', 'K');
    wf.addTask(() => 1, {
      name: 'strict',
      dependsOn: ['left', 'right'],
      triggerRule: 'none_failed_min_one_success',
    });
    wf.addTask(() => 1, {
      name: 'lenient',
      dependsOn: ['left', 'right'],
      triggerRule: 'none_failed',
    });
    await wf.execute();
    expect(wf.getTask('strict')).toMatchObject({ status: 'skipped', skipReason: 'trigger_rule' });
    expect(wf.getTask('lenient')!.status).toBe('completed');
  });

  it('gives all_done/one_failed tasks the results of the upstream that completed', async () => {
    const wf = new Workflow('cleanup');
    wf.addTask(() => 'ok', { name: 'good' });
    wf.addTask(() => Promise.reject(new Error('bad')), { name: 'bad' });
    wf.addTask((inputs) => inputs, {
      name: 'cleanup',
      dependsOn: ['good', 'bad'],
      triggerRule: 'all_done',
    });
    await wf.execute().catch(() => undefined);
    expect(wf.getTaskResult('cleanup')).toEqual({ good: 'ok' });
  });

  it('skips with trigger_rule transitively below a trigger_rule skip', async () => {
    const wf = new Workflow('tr');
    wf.addTask(() => 1, { name: 'a' });
    wf.addTask(() => 1, { name: 'onlyOnFailure', dependsOn: ['a'], triggerRule: 'one_failed' });
    wf.addTask(() => 1, { name: 'next', dependsOn: ['onlyOnFailure'] });
    wf.addTask(() => 1, {
      name: 'tolerant',
      dependsOn: ['onlyOnFailure'],
      triggerRule: 'none_failed',
    });
    await wf.execute();
    expect(wf.getTask('onlyOnFailure')).toMatchObject({
      status: 'skipped',
      skipReason: 'trigger_rule',
    });
    expect(wf.getTask('next')).toMatchObject({ status: 'skipped', skipReason: 'trigger_rule' });
    expect(wf.getTask('tolerant')!.status).toBe('completed');
  });
});
