import { describe, expect, it } from 'vitest';
import type { RunRecord } from '../../../engine/index.ts';
import { lineageText, retriedBy } from './runLineage.ts';

const run = (runId: string, retryOf?: RunRecord['retryOf']): RunRecord => ({
  workflowId: 'wf',
  runId,
  status: 'failed',
  startedAt: 1,
  updatedAt: 1,
  ...(retryOf ? { retryOf } : {}),
});

describe('run lineage in history', () => {
  const first = run('aaaaaaaa-1');
  const second = run('bbbbbbbb-2', {
    parentRunId: first.runId,
    rootRunId: first.runId,
    attempt: 2,
  });
  const third = run('cccccccc-3', {
    parentRunId: second.runId,
    rootRunId: first.runId,
    attempt: 3,
  });
  const other = run('dddddddd-4', { parentRunId: first.runId, rootRunId: first.runId, attempt: 2 });

  it('finds the runs that retried each run', () => {
    const children = retriedBy([third, other, second, first]);
    expect(children.get(first.runId)).toEqual([other.runId, second.runId]);
    expect(children.get(second.runId)).toEqual([third.runId]);
    expect(children.has(third.runId)).toBe(false);
  });

  it.each([
    [first, [second.runId], 'retried by bbbbbbbb'],
    [second, [third.runId], 'attempt 2 · retry of aaaaaaaa · retried by cccccccc'],
    [third, [], 'attempt 3 · retry of bbbbbbbb'],
    [first, [second.runId, other.runId], 'retried by bbbbbbbb, dddddddd'],
  ])('says where a run stands in its chain', (record, retries, text) => {
    expect(lineageText(record, retries)).toBe(text);
  });

  it('says nothing of a run that is neither a retry nor retried', () => {
    expect(lineageText(run('plain'))).toBeNull();
  });
});
