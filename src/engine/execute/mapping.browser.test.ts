// A mapped task (mapOver) in Chromium: instances in real Web Workers, recorded in the real
// IndexedDB, and a second run with the same run id restoring the completed instances.
import { afterAll, describe, expect, it } from 'vitest';
import { Task } from '../model/Task.ts';
import { Workflow } from '../model/Workflow.ts';
import type { RunEvent } from '../model/types.ts';
import { IndexedDBStateStore } from '../storage/IndexedDBStateStore.ts';
import { instancesOf } from '../storage/instanceRecords.ts';
import { instanceKey } from '../model/mapping.ts';
import { ThreadedExecutor } from './ThreadedExecutor.ts';

const executor = new ThreadedExecutor({ maxWorkers: 2 });
afterAll(() => executor.dispose());

function mapped(failing: number): Workflow {
  const wf = new Workflow('browser-map', { id: 'browser-map' });
  wf.addTask(new Task('items', 'return [5, 6, 7, 8];'));
  wf.addTask(
    new Task(
      'double',
      `log('item', item, 'in a worker:', typeof document === 'undefined');\nif (index === ${failing}) throw new Error('bad ' + item);\nreturn item * 2;`,
      { mapOver: 'items' },
    ),
    { dependsOn: ['items'] },
  );
  return wf;
}

describe('mapping in the browser', { timeout: 30_000 }, () => {
  it('runs instances in Web Workers, keeps them in IndexedDB, and a resume runs only the failed one', async () => {
    const store = new IndexedDBStateStore({ dbName: `map-${Math.random()}` });
    const first = await executor
      .execute(mapped(2), { store, runId: 'r' })
      .catch((e: { result: unknown }) => e.result);
    expect(first).toMatchObject({ status: 'failed' });
    const stored = (await store.loadRun('browser-map', 'r'))!;
    expect(instancesOf(stored, 'double').map((s) => s.status)).toEqual([
      'completed',
      'completed',
      'failed',
      'completed',
    ]);
    const logs = await store.getLogs('browser-map', 'r', instanceKey('double', 1));
    expect(logs.map((l) => l.message)).toEqual(['item 6 in a worker: true']);

    const events: RunEvent[] = [];
    const again = await executor.execute(mapped(-1), {
      store,
      runId: 'r',
      onEvent: (e) => events.push(e),
    });
    expect(again.tasks.double?.result).toEqual([10, 12, 14, 16]);
    const ran = events.filter((e) => e.type === 'task-instance' && e.status === 'running');
    expect(ran.map((e) => e.type === 'task-instance' && e.index)).toEqual([2]);
  });
});
