// A consumer's page: imports the installed package and runs a workflow on Web Workers.
import { ThreadedExecutor, Workflow, exportMermaid } from 'flowweaver';

const wf = new Workflow('browser-consumer');
wf.addTask(() => 20, { name: 'a' });
wf.addTask(async (inputs) => inputs.a + 1, { name: 'b', dependsOn: ['a'] });
wf.addTask((inputs) => inputs.b * 2, { name: 'c', dependsOn: ['b'] });

const executor = new ThreadedExecutor({
  maxWorkers: 2,
  onWarning: (message) => (window.warnings ??= []).push(String(message)),
});
const out = document.getElementById('out');
try {
  const result = await wf.execute(executor);
  window.result = { status: result.status, c: wf.getTaskResult('c'), mermaid: exportMermaid(wf) };
} catch (error) {
  window.result = { error: String(error?.stack ?? error) };
} finally {
  await executor.dispose();
}
out.textContent = JSON.stringify(window.result, null, 2);
