/** Port: flow definitions. */
import type { FlowDefinition } from '../fdl/types.ts';
import type { ConcurrencyConflict, Page } from './execution-store.ts';

/** One flow. */
export interface FlowRecord {
  name: string;
  /** The definition as given (YAML or JSON text). */
  definitionText: string;
  /** The validated definition, snapshotted into each execution at its start. */
  definition: FlowDefinition;
  description: string;
  /** Epoch ms. */
  createdTime: number;
  /** Epoch ms. */
  lastModifiedTime: number;
  /** Incremented by every update; the condition of the next one. */
  version: number;
}

/** The fields `update` may change. */
export interface FlowChanges {
  definitionText?: string;
  definition?: FlowDefinition;
  description?: string;
  lastModifiedTime: number;
}

/** The answer of a conditional update. */
export type FlowUpdateResult =
  | { ok: true; record: FlowRecord }
  | ConcurrencyConflict
  | { ok: false; notFound: true };

/** Stores flows. */
export interface FlowStore {
  /** Creates the flow unless one of that name exists. */
  create(record: FlowRecord): Promise<{ created: boolean; record: FlowRecord }>;
  /** The flow, or `undefined`. */
  get(name: string): Promise<FlowRecord | undefined>;
  /** Applies `changes` if the stored version is still `expectedVersion` (then version + 1). */
  update(name: string, expectedVersion: number, changes: FlowChanges): Promise<FlowUpdateResult>;
  /** Deletes the flow. @returns whether it existed. */
  delete(name: string): Promise<boolean>;
  /** Flows by name, ascending, starting after the name `after`. */
  list(limit: number, after?: string): Promise<Page<FlowRecord, string>>;
}
