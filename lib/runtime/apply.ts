/**
 * The commit protocol (README, "Commit protocol"):
 * 1. load the state item;
 * 2. advance the engine over the inbox entries waiting in it, then over this event;
 * 3. commit conditionally on the version — state, outbox, the inbox entries applied — in one write;
 * 4. carry out the outbox (its commands concurrently) and clear it.
 * An event whose commit loses the race is appended to the inbox (an append never conflicts) and the
 * apply tries again from the item the append returned: either its own commit wins, or another
 * committer's commit applies the entry with everything else waiting. Racing events are so absorbed
 * into few commits instead of being retried against each other. Outboxes left by a crashed committer
 * (older than the outbox lease) are carried out by the next committer before its own commit.
 */
import { randomUUID } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import { advance } from '../engine/index.ts';
import type { AdvanceResult, EngineEvent, ExecutionKey, ExecutionState } from '../engine/types.ts';
import type { ExecutionRecord, InboxEntry, Outbox, PendingOutbox } from '../ports/execution-store.ts';
import type { RuntimeContext } from './context.ts';
import { OperationError } from './errors.ts';
import { placeHistory } from './history-buffer.ts';
import { DEFAULT_OUTBOX_LEASE_MS, MAX_APPLY_ATTEMPTS, MAX_INBOX_BATCH } from './limits.ts';
import { awaitsProof, callingAttempts, carryOutOutbox, outboxHasWork, provenCarriedOut } from './outbox.ts';

/** How `apply` answers when its rounds run out. */
export interface ApplyOptions {
  conflictCode?: 'TaskInvalidState' | 'ConcurrentUpdateError';
}

/**
 * What `apply` did: the record as committed (its own outbox carried out) and the engine's result for
 * this event. `absorbed`: another committer applied the event from the inbox, so `result` holds no
 * events, commands or reply of it (reports then answer from the token's tombstone).
 */
export interface Applied {
  record: ExecutionRecord;
  result: AdvanceResult;
  absorbed: boolean;
}

/** Message for `ExecutionNotExists`. */
export function executionNotExists(key: ExecutionKey): OperationError {
  return new OperationError(
    'ExecutionNotExists',
    `Execution '${key.executionName}' for flow '${key.flowName}' does not exist`,
  );
}

/** A result that changes nothing. */
function unchangedResult(state: ExecutionState): AdvanceResult {
  return { state, events: [], commands: [] };
}

/** The pending outboxes of `record` whose committer is presumed gone. */
function abandonedOutboxes(ctx: RuntimeContext, record: ExecutionRecord, all: boolean): PendingOutbox[] {
  const lease = ctx.deps.outboxLeaseMs ?? DEFAULT_OUTBOX_LEASE_MS;
  const now = ctx.deps.clock.now();
  return record.outboxes.filter((pending) => all || now - pending.committedAt >= lease);
}

/** What one commit attempt did. */
type Attempt =
  | { kind: 'committed' | 'unchanged'; record: ExecutionRecord; own?: AdvanceResult }
  | { kind: 'conflict' };

/**
 * One round: advances over the waiting inbox entries (and `own`, an event not in the inbox), commits,
 * and carries the commit's outbox out. `own` result: that of `own`, or of the entry `ownEntryId`.
 */
async function commitRound(
  ctx: RuntimeContext,
  record: ExecutionRecord,
  own: EngineEvent | undefined,
  ownEntryId: string | undefined,
  settleAll = false,
): Promise<Attempt> {
  const { executions, clock, ids } = ctx.deps;
  const now = clock.now();
  const abandoned = abandonedOutboxes(ctx, record, settleAll);
  const batch = record.inbox.slice(0, MAX_INBOX_BATCH);
  const outbox: Outbox = { events: [], commands: [] };
  let state = record.state;
  let ownResult: AdvanceResult | undefined;
  const step = (event: EngineEvent): AdvanceResult => {
    const result = advance(record.definition, state, event, now, ids);
    state = result.state;
    outbox.events.push(...result.events);
    outbox.commands.push(...result.commands);
    return result;
  };
  for (const entry of batch) {
    const result = step(entry.event);
    if (entry.id === ownEntryId) ownResult = result;
  }
  if (own !== undefined) ownResult = step(own);
  const changed = outboxHasWork(outbox) || !isDeepStrictEqual(state, record.state);
  const history = placeHistory(record.recentHistory, outbox.events);
  outbox.events = history.pageAfter;
  if (!changed && batch.length === 0) {
    for (const pending of abandoned) {
      await carryOutOutbox(ctx, record, pending);
      await executions.clearOutbox(record.key, pending.version);
    }
    const settled = {
      ...record,
      outboxes: record.outboxes.filter((pending) => !abandoned.includes(pending)),
    };
    return { kind: 'unchanged', record: settled, ...(ownResult !== undefined ? { own: ownResult } : {}) };
  }
  // Work a crashed committer left is done (and cleared) first.
  for (const pending of abandoned) {
    await carryOutOutbox(ctx, record, pending);
    await executions.clearOutbox(record.key, pending.version);
  }
  if (history.pageFirst.length > 0) await executions.appendHistory(record.key, history.pageFirst);
  const calling = callingAttempts(record.definition, state);
  const completed = record.outboxes.filter(
    (pending) => !abandoned.includes(pending) && provenCarriedOut(pending, calling),
  );
  const commit = await executions.commit(record.key, {
    expectedVersion: record.version,
    state,
    outbox,
    committedAt: now,
    consumedInbox: batch.length,
    recentHistory: history.recent,
    completedOutboxes: completed.map((pending) => pending.version),
  });
  if (!commit.ok) return { kind: 'conflict' };
  const gone = new Set([...abandoned, ...completed].map((pending) => pending.version));
  const committed: ExecutionRecord = {
    ...record,
    state,
    version: commit.version,
    outboxes: record.outboxes.filter((pending) => !gone.has(pending.version)),
    inbox: record.inbox.slice(batch.length),
    recentHistory: history.recent,
  };
  if (outboxHasWork(outbox)) {
    await carryOutOutbox(ctx, committed, outbox);
    // An outbox whose calls will all answer is removed by the commit that applies the last answer.
    if (!awaitsProof(outbox)) await executions.clearOutbox(record.key, commit.version);
  }
  return { kind: 'committed', record: committed, ...(ownResult !== undefined ? { own: ownResult } : {}) };
}

/** Applies one event to an execution (see the file comment). Throws `ExecutionNotExists`. */
export async function applyEvent(
  ctx: RuntimeContext,
  key: ExecutionKey,
  event: EngineEvent,
  options: ApplyOptions = {},
): Promise<Applied> {
  const { executions } = ctx.deps;
  const rounds = ctx.deps.maxApplyAttempts ?? MAX_APPLY_ATTEMPTS;
  let record = await executions.load(key);
  let entry: InboxEntry | undefined;
  for (let round = 1; round <= rounds; round++) {
    if (record === undefined) throw executionNotExists(key);
    if (entry !== undefined && !record.inbox.some((waiting) => waiting.id === entry?.id)) {
      return { record, result: unchangedResult(record.state), absorbed: true };
    }
    const attempt = await commitRound(ctx, record, entry === undefined ? event : undefined, entry?.id);
    if (attempt.kind !== 'conflict') {
      if (attempt.own !== undefined) {
        return {
          record: attempt.record,
          result: { ...attempt.own, state: attempt.record.state },
          absorbed: false,
        };
      }
      // Our entry lay beyond this commit's batch: go on from the committed record.
      record = attempt.record;
      continue;
    }
    if (entry === undefined) {
      entry = { id: randomUUID(), event };
      record = await executions.appendInbox(key, entry);
    } else {
      await ctx.pause(round);
      record = await executions.load(key);
    }
  }
  const code = options.conflictCode ?? 'ConcurrentUpdateError';
  throw new OperationError(
    code,
    `Execution '${key.executionName}' of flow '${key.flowName}' was updated concurrently ${rounds} times; retry`,
  );
}

/**
 * Settles an execution: applies what waits in its inbox and carries out outboxes left by crashed
 * committers (all of them with `all`, as at start-up, when no other committer can be running).
 * @returns the settled record, or `undefined` if the execution is gone.
 */
export async function settleExecution(
  ctx: RuntimeContext,
  key: ExecutionKey,
  all = false,
): Promise<ExecutionRecord | undefined> {
  const rounds = ctx.deps.maxApplyAttempts ?? MAX_APPLY_ATTEMPTS;
  let record = await ctx.deps.executions.load(key);
  for (let round = 1; record !== undefined && round <= rounds; round++) {
    if (record.inbox.length === 0 && abandonedOutboxes(ctx, record, all).length === 0) return record;
    const attempt = await commitRound(ctx, record, undefined, undefined, all);
    record = attempt.kind === 'conflict' ? await ctx.deps.executions.load(key) : attempt.record;
    if (attempt.kind === 'conflict') await ctx.pause(round);
  }
  return record;
}

/** The commit a new execution starts with, carried out and cleared (its first outbox). */
export async function carryOutFirstOutbox(ctx: RuntimeContext, record: ExecutionRecord): Promise<void> {
  for (const pending of record.outboxes) {
    await carryOutOutbox(ctx, record, pending);
    if (!awaitsProof(pending)) await ctx.deps.executions.clearOutbox(record.key, pending.version);
  }
}
