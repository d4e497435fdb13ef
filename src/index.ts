/** Unwind's library API. */
export * from './core/index.js';
export { UnwindError, type UnwindErrorCode } from './core/unwind-error.js';
export { Engine, type StartExecutionRequest } from './engine/engine.js';
export * from './engine/workflow/index.js';
export * from './barrier/index.js';
export type { EngineOptions } from './engine/engine-options.js';
export { ManualClock, systemClock, type Clock } from './engine/clock.js';
export type { TaskContext, TaskHandler, TaskHandlers } from './engine/task-handler.js';
export { loadHandlerModule } from './engine/handler-module.js';
export { loadDefinition, definitionProblems, type LoadedDefinition } from './engine/load-definition.js';
export { openSqliteStore, type SqliteStore, type SqliteStoreOptions } from './sqlite/sqlite-store.js';
export { openPostgresStore, type PostgresStore, type PostgresStoreOptions } from './postgres/postgres-store.js';
export { openStore } from './open-store.js';
export type * from './store/store-port.js';
