/**
 * The state item of an execution, split so that commits write as little as possible:
 * - `core`: the state without `input`/`output`/`error`/`cause` (rewritten by every commit);
 * - `summary`: the state without `root` (input, output, error, cause, times, status), written at the
 *   start and whenever the execution has ended (or carries an output/error), and projected into the
 *   `byFlow` index; commits of a running execution leave it (and so the index) untouched;
 * - `definition`, written once at the start; `outbox`; `version`; `pending` while the outbox is not
 *   empty (recovery scans for it); `expiresAt` once the execution has ended.
 * A loaded state is `{ ...summary, ...core }`.
 */
import type { ExecutionState } from '../../engine/types.ts';
import type { FlowDefinition } from '../../fdl/types.ts';
import type { ExecutionRecord, Outbox } from '../../ports/execution-store.ts';
import {
  decodeJson,
  type EncodedJson,
  encodeJson,
  executionKeyOf,
  executionPk,
  expiryOf,
  STATE_SK,
  startKey,
} from './item-codec.ts';

/** The attributes of a state item as stored (decoded by the document client). */
export interface StateItem {
  pk: string;
  sk: string;
  flowName: string;
  startKey: string;
  status: string;
  summary: EncodedJson;
  core: EncodedJson;
  definition: EncodedJson;
  outbox: EncodedJson;
  version: number;
  pending?: number;
  expiresAt?: number;
}

/** The parts of the state stored in `core` only. */
type CoreState = Omit<ExecutionState, 'input' | 'output' | 'error' | 'cause'>;

/** The parts of the state stored in `summary`. */
export type SummaryState = Omit<ExecutionState, 'root'>;

/** The state without its summary fields. */
export function coreOf(state: ExecutionState): CoreState {
  const { input: _input, output: _output, error: _error, cause: _cause, ...core } = state;
  return core;
}

/** The state without its interpreter frames. */
export function summaryOf(state: ExecutionState): SummaryState {
  const { root: _root, ...summary } = state;
  return summary;
}

/** True when the summary must be rewritten with this state (it has ended, or carries a result). */
export function summaryChanges(state: ExecutionState): boolean {
  return (
    state.status !== 'Running' ||
    state.output !== undefined ||
    state.error !== undefined ||
    state.cause !== undefined ||
    state.stoppedTime !== undefined
  );
}

/** True when an outbox holds work. */
export function outboxPending(outbox: Outbox): boolean {
  return outbox.events.length > 0 || outbox.commands.length > 0;
}

/** The TTL of a state (epoch seconds) once it has ended, else `undefined`. */
export function stateExpiry(state: ExecutionState, retentionDays: number): number | undefined {
  if (state.status === 'Running') return undefined;
  return expiryOf(state.stoppedTime ?? state.startedTime, retentionDays);
}

/** The full state item of a new record. */
export function newStateItem(
  record: ExecutionRecord,
  retentionDays: number,
  compressAbove: number,
): StateItem {
  const expiresAt = stateExpiry(record.state, retentionDays);
  return {
    pk: executionPk(record.key),
    sk: STATE_SK,
    flowName: record.key.flowName,
    startKey: startKey(record.state.startedTime, record.key.executionName),
    status: record.state.status,
    summary: encodeJson(summaryOf(record.state), compressAbove),
    core: encodeJson(coreOf(record.state), compressAbove),
    definition: encodeJson(record.definition, compressAbove),
    outbox: encodeJson(record.outbox, compressAbove),
    version: record.version,
    ...(outboxPending(record.outbox) ? { pending: 1 } : {}),
    ...(expiresAt !== undefined ? { expiresAt } : {}),
  };
}

/** The state of a stored state item (or of a `byFlow` index entry, `core` absent: no `root`). */
export function stateOfItem(item: Record<string, unknown>): ExecutionState {
  const summary = decodeJson<SummaryState>(item.summary);
  if (item.core === undefined) return summary;
  return { ...summary, ...decodeJson<CoreState>(item.core) };
}

/** The record of a stored state item. */
export function recordOfItem(item: Record<string, unknown>): ExecutionRecord {
  return {
    key: executionKeyOf(String(item.pk)),
    definition: decodeJson<FlowDefinition>(item.definition),
    state: stateOfItem(item),
    version: Number(item.version),
    outbox: decodeJson<Outbox>(item.outbox),
  };
}
