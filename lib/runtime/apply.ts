/**
 * The loop: load → finish a pending outbox (after a short grace for its committer) → advance →
 * conditional commit (state + outbox) → carry out the outbox → clear it. A crash after the commit leaves the outbox for the next touch or
 * `recover()`; a lost race reloads and retries.
 */
import { isDeepStrictEqual } from 'node:util';
import { advance } from '../engine/index.ts';
import type { AdvanceResult, EngineEvent, ExecutionKey } from '../engine/types.ts';
import type { ExecutionRecord, Outbox } from '../ports/execution-store.ts';
import { carryOut } from './commands.ts';
import { OperationError } from './errors.ts';
import { MAX_APPLY_ATTEMPTS } from './limits.ts';
import type { Runtime } from './runtime.ts';

/** How `apply` answers when its attempts run out. */
export interface ApplyOptions {
  conflictCode?: 'TaskInvalidState' | 'ConcurrentUpdateError';
}

/** What `apply` did: the record as committed (outbox carried out) and the engine's result. */
export interface Applied {
  record: ExecutionRecord;
  result: AdvanceResult;
}

/** An empty outbox. */
export function emptyOutbox(): Outbox {
  return { events: [], commands: [] };
}

/** True when the record has work not yet carried out. */
export function hasPendingOutbox(record: ExecutionRecord): boolean {
  return record.outbox.events.length > 0 || record.outbox.commands.length > 0;
}

/** Message for `ExecutionNotExists`. */
export function executionNotExists(key: ExecutionKey): OperationError {
  return new OperationError(
    'ExecutionNotExists',
    `Execution '${key.executionName}' for flow '${key.flowName}' does not exist`,
  );
}

/**
 * Carries out a committed outbox: history events first (idempotent by event id), then the commands
 * in order, then clears it (conditional on the version, so a newer commit's outbox is never lost).
 */
export async function flushOutbox(runtime: Runtime, record: ExecutionRecord): Promise<void> {
  if (!hasPendingOutbox(record)) return;
  const { executions } = runtime.deps;
  if (record.outbox.events.length > 0) await executions.appendHistory(record.key, record.outbox.events);
  for (const command of record.outbox.commands) await carryOut(runtime, record, command);
  await executions.clearOutbox(record.key, record.version);
}

/** Reloads given to a pending outbox's committer before another caller carries it out itself. */
export const OUTBOX_GRACE_TURNS = 10;

/**
 * The record to advance from, its outbox carried out. A pending outbox is most likely being carried
 * out by its committer right now — carrying it out as well would repeat its commands (call a function
 * twice) — so it is reloaded for a few short pauses first; one still pending after them (its
 * committer crashed) is carried out here. `undefined` when the execution has gone meanwhile.
 */
export async function settledRecord(
  runtime: Runtime,
  loaded: ExecutionRecord,
): Promise<ExecutionRecord | undefined> {
  let record = loaded;
  for (let turn = 1; turn <= OUTBOX_GRACE_TURNS && hasPendingOutbox(record); turn++) {
    await runtime.pause(turn);
    const reloaded = await runtime.deps.executions.load(record.key);
    if (reloaded === undefined) return undefined;
    record = reloaded;
  }
  await flushOutbox(runtime, record);
  return record;
}

/** Applies one event to an execution (see the file comment). Throws `ExecutionNotExists`. */
export async function applyEvent(
  runtime: Runtime,
  key: ExecutionKey,
  event: EngineEvent,
  options: ApplyOptions = {},
): Promise<Applied> {
  const { executions, clock, ids } = runtime.deps;
  const attempts = runtime.deps.maxApplyAttempts ?? MAX_APPLY_ATTEMPTS;
  for (let attempt = 1; attempt <= attempts; attempt++) {
    const found = await executions.load(key);
    const loaded = found === undefined ? undefined : await settledRecord(runtime, found);
    if (loaded === undefined) throw executionNotExists(key);
    const record: ExecutionRecord = { ...loaded, outbox: emptyOutbox() };
    const result = advance(record.definition, record.state, event, clock.now(), ids);
    const unchanged =
      result.events.length === 0 &&
      result.commands.length === 0 &&
      isDeepStrictEqual(result.state, record.state);
    if (unchanged) return { record, result };
    const outbox: Outbox = { events: result.events, commands: result.commands };
    const commit = await executions.commit(key, record.version, result.state, outbox);
    if (!commit.ok) {
      await runtime.pause(attempt);
      continue;
    }
    const committed: ExecutionRecord = { ...record, state: result.state, version: commit.version, outbox };
    await flushOutbox(runtime, committed);
    return { record: { ...committed, outbox: emptyOutbox() }, result };
  }
  const code = options.conflictCode ?? 'ConcurrentUpdateError';
  throw new OperationError(
    code,
    `Execution '${key.executionName}' of flow '${key.flowName}' was updated concurrently ${attempts} times; retry`,
  );
}
