// The one piece of the engine the CLI loads before the rest (a Node-only entry, like node.ts):
// starting a task-runner worker thread while the engine's own modules load and the workflow is
// read and validated. The first pool that spawns a worker in this process takes that thread.
export { prestartWorker } from './execute/workerLink.ts';
