/**
 * The engine's vocabulary: execution state, the events it consumes, the history events it records
 * and the commands it asks the runtime to carry out. Everything is plain JSON so that it can be
 * stored as is.
 */
export * from './commands.ts';
export * from './events.ts';
export * from './history.ts';
export type { ChunkLocals, ResultChunk } from './results.ts';
export * from './state.ts';
