// A mapped task (mapOver) in the Mermaid export: shown once, with ×N and its counts after a run.
import { describe, expect, it } from 'vitest';
import { AsyncExecutor } from '../execute/AsyncExecutor.ts';
import { Workflow } from '../model/Workflow.ts';
import type { TaskRunState } from '../model/types.ts';
import { exportMermaid } from './exportMermaid.ts';
import { doc } from './mermaidTestFixtures.ts';

/** extract → transform (mapped over extract) → load. */
function mappedDoc() {
  const d = doc('m', [
    ['extract', []],
    ['transform', ['extract']],
    ['load', ['transform']],
  ]);
  d.tasks[1]!.mapOver = 'extract';
  return d;
}

const counts = (over: Partial<Record<string, number>>) => ({
  pending: 0,
  running: 0,
  retrying: 0,
  completed: 0,
  failed: 0,
  skipped: 0,
  cancelled: 0,
  ...over,
});

describe('mapped tasks in the Mermaid export', () => {
  it('names the upstream before a run, and shows ×0 after a run over an empty array', () => {
    expect(exportMermaid(mappedDoc())).toContain('    t1["transform × extract"]\n');
    const empty = { status: 'skipped' as const, map: { total: 0, counts: counts({}) } };
    expect(exportMermaid(mappedDoc(), { statuses: { transform: empty } })).toContain(
      '    t1["transform ×0"]\n',
    );
  });

  it('shows ×N and the counts from run states, once per task', () => {
    const state = (status: TaskRunState['status'], map?: TaskRunState['map']): TaskRunState => ({
      name: '',
      status,
      attempts: 1,
      attemptHistory: [],
      ...(map ? { map } : {}),
    });
    const text = exportMermaid(mappedDoc(), {
      statuses: {
        extract: state('completed'),
        transform: state('running', {
          total: 100,
          counts: counts({ completed: 37, failed: 2, running: 4, pending: 57 }),
        }),
      },
    });
    expect(text).toContain('    t1["transform ×100: 37 done · 2 failed · 4 running"]\n');
    expect(text.match(/transform/g)).toHaveLength(1);
    expect(text).toContain('class t1 running');
  });

  it('shows a live workflow’s own counts after its run, escaped like any label', async () => {
    const wf = new Workflow('live');
    wf.addTask(() => [1, 2, 3], { name: 'rows' });
    wf.addTask(
      (_: unknown, ctx) => {
        if (ctx.index === 2) throw new Error('no');
        return ctx.item;
      },
      { name: 'a "quoted" <b>task</b>', dependsOn: ['rows'], mapOver: 'rows' },
    );
    await wf.execute(new AsyncExecutor()).catch(() => undefined);
    expect(exportMermaid(wf)).toContain(
      '    t1["a #quot;quoted#quot; #lt;b#gt;task#lt;/b#gt; ×3: 2 done · 1 failed"]\n',
    );
  });
});
