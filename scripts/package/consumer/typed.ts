// Type-checked against the package's shipped .d.ts (never run): what a TypeScript user writes.
import {
  AsyncExecutor,
  ThreadedExecutor,
  Workflow,
  exportMermaid,
  type RunResult,
  type TaskContext,
} from 'flowweaver';
import { JSONStateStore } from 'flowweaver/node';

const wf = new Workflow('typed', { description: 'types only' });
wf.addTask(() => 1, { name: 'one', retries: 2 });
wf.addTask(
  (inputs: Record<string, unknown>, ctx: TaskContext) => {
    ctx.log('two from', inputs.one);
    return (inputs.one as number) + 1;
  },
  { name: 'two', dependsOn: ['one'] },
);

const store = new JSONStateStore({ path: 'state.json' });
const result: RunResult = await wf.execute(new ThreadedExecutor({ maxWorkers: 2 }), { store });
const status: 'completed' | 'failed' | 'cancelled' | string = result.status;
const text: string = exportMermaid(wf, { orientation: 'LR' });
await new AsyncExecutor().execute(wf);
export { status, text };

// A wrong option type must not type-check: the shipped types carry the option schema.
// @ts-expect-error retries is a number
wf.addTask(() => 3, { name: 'three', retries: 'twice' });
