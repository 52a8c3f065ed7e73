import { describe, expect, it } from 'vitest';
import { SequentialExecutor } from '../execute/SequentialExecutor.ts';
import type { TriggerRule } from '../model/status.ts';
import { Workflow } from '../model/Workflow.ts';
import { Decision, decide } from './triggerRules.ts';

const { Wait, Run, SkipUpstreamFailed: SkipUF, SkipTriggerRule: SkipTR } = Decision;

// [rule, total, done, succeeded, failed, skipped, decision]
const table: [TriggerRule, number, number, number, number, number, Decision][] = [
  ['all_success', 0, 0, 0, 0, 0, Run],
  ['all_success', 2, 1, 1, 0, 0, Wait],
  ['all_success', 2, 2, 2, 0, 0, Run],
  ['all_success', 2, 1, 0, 1, 0, SkipUF],
  ['all_success', 2, 1, 0, 0, 1, SkipTR],
  ['all_failed', 2, 1, 0, 1, 0, Wait],
  ['all_failed', 2, 2, 0, 2, 0, Run],
  ['all_failed', 2, 1, 1, 0, 0, SkipTR],
  ['all_failed', 2, 1, 0, 0, 1, SkipTR],
  ['all_done', 2, 1, 0, 1, 0, Wait],
  ['all_done', 3, 3, 1, 1, 1, Run],
  ['one_success', 3, 1, 1, 0, 0, Run],
  ['one_success', 2, 1, 0, 1, 0, Wait],
  ['one_success', 2, 2, 0, 1, 1, SkipUF],
  ['one_success', 2, 2, 0, 0, 2, SkipTR],
  ['one_failed', 3, 1, 0, 1, 0, Run],
  ['one_failed', 2, 1, 1, 0, 0, Wait],
  ['one_failed', 2, 2, 1, 0, 1, SkipTR],
  ['none_failed', 2, 1, 1, 0, 0, Wait],
  ['none_failed', 2, 2, 1, 0, 1, Run],
  ['none_failed', 2, 1, 0, 1, 0, SkipUF],
  ['always', 2, 0, 0, 0, 0, Run],
  ['always', 2, 2, 0, 2, 0, Run],
];

describe('decide', () => {
  it.each(table)(
    '%s total=%i done=%i ok=%i failed=%i skipped=%i → %i',
    (rule, total, done, succeeded, failed, skipped, expected) => {
      expect(decide(rule, { total, done, succeeded, failed, skipped })).toBe(expected);
    },
  );
});

describe('trigger rules in a run', () => {
  // One upstream that succeeds and one that fails; each rule's task depends on both.
  const cases: [TriggerRule, string, string | undefined][] = [
    ['all_success', 'skipped', 'upstream_failed'],
    ['all_failed', 'skipped', 'trigger_rule'],
    ['all_done', 'completed', undefined],
    ['one_success', 'completed', undefined],
    ['one_failed', 'completed', undefined],
    ['none_failed', 'skipped', 'upstream_failed'],
    ['always', 'completed', undefined],
  ];
  it.each(cases)('%s after one success and one failure → %s (%s)', async (rule, status, reason) => {
    const wf = new Workflow(rule);
    wf.addTask(() => 'ok', { name: 'good' });
    wf.addTask(
      () => {
        throw new Error('bad');
      },
      { name: 'bad' },
    );
    wf.addTask((inputs) => inputs, {
      name: 'judge',
      dependsOn: ['good', 'bad'],
      triggerRule: rule,
    });
    await wf.execute(new SequentialExecutor()).catch(() => undefined);
    const judge = wf.getTask('judge')!;
    expect(judge.status).toBe(status);
    expect(judge.skipReason).toBe(reason);
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
