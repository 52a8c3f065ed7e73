// The engine's Node-only entry (`flowweaver/node`): everything that needs `node:` modules at
// load time or a native/Node-only dependency. Import it from Node programs only; browser bundles
// import `flowweaver` (src/engine/index.ts), which never loads a Node built-in eagerly.
// Explicit named exports, as in index.ts. Node-only state stores and executors are added here.

// The file-backed store (its file access is lazy, so the main entry exports it too).
export { JSONStateStore } from './storage/JSONStateStore.ts';
export type { JSONStateStoreOptions, LoadSummary } from './storage/JSONStateStore.ts';
