// The engine's Node-only entry (`flowweaver/node`): everything that needs `node:` modules at
// load time or a native/Node-only dependency. Import it from Node programs only; browser bundles
// import `flowweaver` (src/engine/index.ts), which never loads a Node built-in eagerly.
// Explicit named exports, as in index.ts. Node-only state stores and executors are added here.

// The file-backed store (its file access is lazy, so the main entry exports it too).
export { JSONStateStore } from './storage/JSONStateStore.ts';
export type { JSONStateStoreOptions, LoadSummary } from './storage/JSONStateStore.ts';

// Scale out (issue 19): the coordinator's executor and the worker's engine, on BullMQ and Redis.
export { DistributedExecutor } from './distributed/DistributedExecutor.ts';
export type { DistributedExecutorOptions } from './distributed/DistributedExecutor.ts';
export { DistributedRunner } from './distributed/DistributedRunner.ts';
export type { DistributedRunnerOptions } from './distributed/DistributedRunner.ts';
export { DistributedWorker } from './distributed/DistributedWorker.ts';
export type { DistributedWorkerOptions } from './distributed/DistributedWorker.ts';
export { attemptJobId, DEFAULT_MAX_RESULT_BYTES, DEFAULT_QUEUE } from './distributed/protocol.ts';
// A private redis-server (Debian's) on a free loopback port, for tests and benches.
export { startTestRedis } from './distributed/testRedis.ts';
export type { TestRedis, TestRedisOptions } from './distributed/testRedis.ts';
export { REDIS_UNAVAILABLE } from './distributed/redisLink.ts';

// SQLite: runs of many workflows in one database file, for several processes at once (needs the
// better-sqlite3 package, loaded when a store is made).
export { SQLiteStateStore, SQLITE_STATE_VERSION } from './storage/SQLiteStateStore.ts';
export type { SQLiteStateStoreOptions } from './storage/SQLiteStateStore.ts';
