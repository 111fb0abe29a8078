/** Port: sources of task tokens and UUIDs (defined with the engine, which consumes it). */
export type { IdSource } from '../engine/types.ts';
