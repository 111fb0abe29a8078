/**
 * Starting an execution: the `Start` event is advanced before the record exists, and the record is
 * created with that state and its outbox in one conditional write, so that a start is atomic.
 */
import { advance, createExecutionState } from '../engine/index.ts';
import type { ExecutionKey, ParentReference } from '../engine/types.ts';
import type { FlowDefinition, JsonObject } from '../fdl/types.ts';
import {
  type CommittedOutbox,
  callsOfOutbox,
  type ExecutionRecord,
  type NewExecutionRecord,
} from '../ports/execution-store.ts';
import { settleExecution } from './apply.ts';
import type { RuntimeContext } from './context.ts';
import { placeHistory } from './history-buffer.ts';
import { carryOutOwnOutbox, outboxHasWork } from './outbox.ts';

/** What starting an execution needs (validated by the caller). */
export interface StartRequest {
  key: ExecutionKey;
  /** The flow's definition, snapshotted into the execution. */
  definition: FlowDefinition;
  input: JsonObject;
  parent?: ParentReference;
}

/** The started execution, or the one that already had that name (`created: false`). */
export interface StartOutcome {
  created: boolean;
  record: ExecutionRecord;
}

/** Starts an execution unless one of that name exists (then returns it, finishing its outbox). */
export async function startExecution(runtime: RuntimeContext, request: StartRequest): Promise<StartOutcome> {
  const { executions, clock, ids } = runtime.deps;
  const now = clock.now();
  const initial = createExecutionState({
    flowName: request.key.flowName,
    executionName: request.key.executionName,
    input: request.input,
    now,
    ...(request.parent !== undefined ? { parent: request.parent } : {}),
  });
  const result = advance(request.definition, initial, { type: 'Start' }, now, ids);
  const record: NewExecutionRecord = {
    key: request.key,
    definition: request.definition,
    state: result.state,
    version: 1,
    outboxes: [],
    inbox: [],
    recentHistory: [],
  };
  const history = placeHistory([], result.events);
  record.recentHistory = history.recent;
  const first: CommittedOutbox = {
    events: history.pageAfter,
    commands: result.commands,
    version: 1,
    committedAt: now,
    calls: callsOfOutbox({ events: [], commands: result.commands }),
  };
  if (outboxHasWork(first)) record.outboxes.push(first);
  // Locals of a foreach whose iterations finished at once, referenced by the first state.
  if (result.chunks !== undefined) await executions.storeChunks(request.key, result.chunks);
  const created = await executions.create(record);
  if (created.created) {
    runtime.deps.observer?.executionStarted(request.key);
    runtime.deps.observer?.historyRecorded?.(request.key, result.events);
    const started: ExecutionRecord = { ...record, outboxes: [] };
    if (outboxHasWork(first)) await carryOutOwnOutbox(runtime, started, first);
    return { created: true, record: started };
  }
  // A start that crashed after its create left its outbox: finished here once its lease ran out.
  const settled = (await settleExecution(runtime, request.key)) ?? created.record;
  return { created: false, record: settled };
}
