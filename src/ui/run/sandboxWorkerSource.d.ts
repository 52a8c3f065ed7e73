// The sandboxed task worker bundled as one classic script (scripts/sandboxWorkerPlugin.mjs).
declare module 'virtual:sandbox-task-worker' {
  const source: string;
  export default source;
}
