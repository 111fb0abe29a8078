/**
 * The engine's public surface: a pure interpreter of FDL flows.
 * `advance(definition, state, event, now, ids) → { state, events, commands, reply? }`.
 */
export { advance, advanceAll, createExecutionState } from './advance.ts';
export { ResultChunksNeeded } from './results.ts';
export type * from './types.ts';
