/**
 * The commit protocol (README, "Commit protocol"):
 * 1. load the state item;
 * 2. advance the engine over the inbox entries waiting in it, then over this event (reading the
 *    result chunks it asks for);
 * 3. store the result chunks it made, then commit conditionally on the version — state, outbox, the
 *    inbox entries applied, the outboxes carried out — in one write;
 * 4. carry out the outbox (its commands concurrently) and clear it, or, when it makes calls, leave it
 *    for the next commit to remove.
 * An event whose commit loses the race is appended to the inbox (an append never conflicts) and the
 * apply tries again from the item the append returned: either its own commit wins, or another
 * committer's commit applies the entry with everything else waiting. Racing events are so absorbed
 * into few commits instead of being retried against each other. Outboxes left by a crashed committer
 * (older than the outbox lease) are carried out by the next committer before its own commit.
 */
import { randomUUID } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import type { AdvanceResult, EngineEvent, ExecutionKey, ExecutionState } from '../engine/types.ts';
import type {
  DrainLease,
  ExecutionRecord,
  InboxEntry,
  Outbox,
  PendingOutbox,
} from '../ports/execution-store.ts';
import type { RuntimeContext } from './context.ts';
import { OperationError } from './errors.ts';
import { placeHistory } from './history-buffer.ts';
import { DEFAULT_OUTBOX_LEASE_MS, MAX_APPLY_ATTEMPTS, MAX_INBOX_BATCH } from './limits.ts';
import { nudgeAfter } from './nudge.ts';
import {
  callingAttempts,
  carryOutOwnOutbox,
  carryOutPending,
  outboxHasWork,
  provenCarriedOut,
} from './outbox.ts';
import { advanceLoadingChunks } from './result-chunks.ts';

/** How `apply` answers when its rounds run out, and how it learns cheaply that its event was applied. */
export interface ApplyOptions {
  conflictCode?: 'TaskInvalidState' | 'ConcurrentUpdateError';
  /**
   * True once another committer has applied the event (a report: its token has ended). Asked while
   * the event waits in the inbox, before reloading the execution, which is larger.
   */
  appliedElsewhere?: () => Promise<boolean>;
  /**
   * Leave the event to a live drainer (one with at least half its lease left) without waiting for it
   * to be applied: a call's answer, a timer, a heartbeat — nobody waits for their answer, and a worker
   * blocked waiting holds a poller's slot. The entry is durable in the inbox; if the drainer dies,
   * the nudge the hand-off schedules for just after its lease applies it (`nudge.ts`), if the next
   * event on the execution, the local sweeper or start-up recovery has not already.
   */
  handOff?: boolean;
}

/** Longest wait for a drainer of this process to apply an entry before looking anyway, in ms. */
const LOCAL_DRAIN_WAIT_MS = 1000;

/** How long a drain lease holds, in ms: waiters take over from a drainer that stopped this long ago. */
export const DRAIN_LEASE_MS = 2000;

/** The pause turn a drainer waits before each reload (16–48 ms with the default pause). */
const DRAIN_GATHER_TURN = 3;

/**
 * How long one caller drains before it leaves the rest to the waiters (who take over once its lease
 * runs out: they never leave before their own event is applied), in ms.
 */
const MAX_DRAIN_MS = 20_000;

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
  lease?: DrainLease,
): Promise<Attempt> {
  const { executions, clock } = ctx.deps;
  const now = clock.now();
  const abandoned = abandonedOutboxes(ctx, record, settleAll);
  const batch = record.inbox.slice(0, MAX_INBOX_BATCH);
  const outbox: Outbox = { events: [], commands: [] };
  const events = batch.map((entry) => entry.event);
  if (own !== undefined) events.push(own);
  const advanced = await advanceLoadingChunks(ctx, record, events, now);
  const state = advanced.state;
  let ownResult: AdvanceResult | undefined;
  advanced.results.forEach((result, index) => {
    outbox.events.push(...result.events);
    outbox.commands.push(...result.commands);
    const mine = index === batch.length ? own !== undefined : batch[index]?.id === ownEntryId;
    if (mine) ownResult = { ...result, state };
  });
  const changed = outboxHasWork(outbox) || !isDeepStrictEqual(state, record.state);
  const recorded = outbox.events;
  const history = placeHistory(record.recentHistory, recorded);
  outbox.events = history.pageAfter;
  if (!changed && batch.length === 0) {
    for (const pending of abandoned) await carryOutPending(ctx, record, pending);
    const settled = {
      ...record,
      outboxes: record.outboxes.filter((pending) => !abandoned.includes(pending)),
    };
    return { kind: 'unchanged', record: settled, ...(ownResult !== undefined ? { own: ownResult } : {}) };
  }
  // Work a crashed committer left is done (and cleared) first.
  for (const pending of abandoned) await carryOutPending(ctx, record, pending);
  if (history.pageFirst.length > 0) await executions.appendHistory(record.key, history.pageFirst);
  // Chunks the new state references exist before it does (one whose commit loses is never read).
  if (advanced.chunks !== undefined) await executions.storeChunks(record.key, advanced.chunks);
  const calling = callingAttempts(record.definition, state);
  const completed = record.outboxes.filter(
    (pending) =>
      !abandoned.includes(pending) &&
      (ctx.carried.has(record.key, pending.version) || provenCarriedOut(pending, calling)),
  );
  const commit = await executions.commit(record.key, {
    expectedVersion: record.version,
    state,
    outbox,
    committedAt: now,
    consumedInbox: batch.length,
    recentHistory: history.recent,
    completedOutboxes: completed.map((pending) => pending.version),
    ...(lease !== undefined ? { drainer: lease } : {}),
  });
  if (!commit.ok) return { kind: 'conflict' };
  if (recorded.length > 0) ctx.deps.observer?.historyRecorded?.(record.key, recorded);
  const gone = new Set([...abandoned, ...completed].map((pending) => pending.version));
  const committed: ExecutionRecord = {
    ...record,
    state,
    version: commit.version,
    outboxes: record.outboxes.filter((pending) => !gone.has(pending.version)),
    inbox: record.inbox.slice(batch.length),
    recentHistory: history.recent,
    ...(lease !== undefined
      ? { drainer: lease }
      : record.drainer !== undefined
        ? { drainer: record.drainer }
        : {}),
  };
  ctx.carried.keepOnly(
    record.key,
    committed.outboxes.map((pending) => pending.version),
  );
  if (outboxHasWork(outbox)) await carryOutOwnOutbox(ctx, committed, { ...outbox, version: commit.version });
  // Reports of this process waiting for these entries: applied, with their tokens ended.
  for (const entry of batch) ctx.drains.applied(entry.id);
  return { kind: 'committed', record: committed, ...(ownResult !== undefined ? { own: ownResult } : {}) };
}

/** A drain lease of `owner` from now: one per apply, so that concurrent applies of a process differ. */
function leaseFromNow(owner: string): DrainLease {
  return { owner, until: Date.now() + DRAIN_LEASE_MS };
}

/** True when another drainer than `self` holds a drain lease on `record` with `left` ms or more to run. */
function drainedByOther(self: string, record: ExecutionRecord, left = 0): boolean {
  return (
    record.drainer !== undefined && record.drainer.until > Date.now() + left && record.drainer.owner !== self
  );
}

/**
 * The drainer's loop, after a commit that took the lease: apply what the inbox holds, commit after
 * commit, until the lease can be given up with the inbox empty (the release is conditional on it,
 * so an event appended meanwhile is never left without a drainer).
 */
async function drainInbox(
  ctx: RuntimeContext,
  record: ExecutionRecord,
  self: string,
): Promise<ExecutionRecord> {
  const { executions } = ctx.deps;
  let current = record;
  const stopAt = Date.now() + MAX_DRAIN_MS;
  while (Date.now() < stopAt) {
    // A moment for more events to arrive, so that each commit applies a batch of them.
    await ctx.pause(DRAIN_GATHER_TURN);
    const reloaded = await executions.load(record.key);
    if (reloaded === undefined) return current;
    current = reloaded;
    // Taken over (our lease ran out while we worked): the new drainer goes on.
    if (reloaded.drainer?.owner !== self) return current;
    if (reloaded.inbox.length === 0) {
      if (await executions.releaseDrain(record.key, self)) return current;
      continue;
    }
    const attempt = await commitRound(ctx, reloaded, undefined, undefined, false, leaseFromNow(self));
    if (attempt.kind !== 'conflict') current = attempt.record;
  }
  return current;
}

/**
 * Waits while a live drainer holds the lease: looks through `appliedElsewhere` with growing pauses,
 * and reloads once the lease has run out. @returns `'applied'`, or the record to go on from.
 */
async function awaitDrainer(
  ctx: RuntimeContext,
  key: ExecutionKey,
  entryId: string,
  lease: DrainLease,
  options: ApplyOptions,
): Promise<ExecutionRecord | undefined | 'applied'> {
  for (let look = 1; ; look++) {
    const local = ctx.drains.isLocal(lease.owner);
    if (!local && Date.now() >= lease.until) break;
    // A drainer of this process wakes the entry when it has applied it, or when it leaves; one
    // elsewhere is looked at after pauses growing with each look (each look costs a request).
    await ctx.drains.wait(
      entryId,
      lease.owner,
      LOCAL_DRAIN_WAIT_MS,
      local ? undefined : ctx.pauseBeforeLook(look),
    );
    if (options.appliedElsewhere !== undefined && (await options.appliedElsewhere())) return 'applied';
    // Our drainer left without it (its time was up): see what the execution holds now.
    if (local && !ctx.drains.isLocal(lease.owner)) return ctx.deps.executions.load(key);
    // Without a cheap probe, a reload now and then tells whether the entry is still waiting.
    if (options.appliedElsewhere === undefined && look % 4 === 0) return ctx.deps.executions.load(key);
  }
  return ctx.deps.executions.load(key);
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
  let entry: InboxEntry | undefined;
  const self = randomUUID();
  // A busy execution gets the event in its inbox at once; a quiet one is loaded and committed.
  let record = ctx.hot.isHot(key) ? undefined : await executions.load(key);
  for (let round = 1; round <= rounds; round++) {
    if (record !== undefined) {
      if (entry !== undefined && !record.inbox.some((waiting) => waiting.id === entry?.id))
        return absorbed(record);
      // Our entry waits in the inbox of a live drainer: left to it when nobody needs the answer.
      if (
        entry !== undefined &&
        options.handOff === true &&
        record.drainer !== undefined &&
        drainedByOther(self, record, DRAIN_LEASE_MS / 2)
      ) {
        // Should the drainer die before applying it, the nudge does (see nudge.ts).
        await nudgeAfter(ctx, key, record.drainer);
        return absorbed(record);
      }
      const hot = ctx.hot.isHot(key);
      if (entry === undefined || !drainedByOther(self, record)) {
        // A drainer is worth it when others wait too (a lone report that lost to its call's answer is not).
        const others = record.inbox.some((waiting) => waiting.id !== entry?.id);
        const lease = others || (hot && entry === undefined) ? leaseFromNow(self) : undefined;
        if (lease !== undefined) ctx.drains.enter(self);
        let attempt: Attempt;
        let drained: ExecutionRecord | undefined;
        try {
          attempt = await commitRound(
            ctx,
            record,
            entry === undefined ? event : undefined,
            entry?.id,
            false,
            lease,
          );
          if (attempt.kind !== 'conflict')
            drained = lease !== undefined ? await drainInbox(ctx, attempt.record, self) : attempt.record;
        } finally {
          if (lease !== undefined) ctx.drains.leave(self);
        }
        if (attempt.kind !== 'conflict' && drained !== undefined) {
          if (attempt.own !== undefined) {
            return {
              record: drained,
              result: { ...attempt.own, state: attempt.record.state },
              absorbed: false,
            };
          }
          // Our entry lay beyond that commit's batch; the drain applied it, or the next round will.
          record = drained;
          continue;
        }
        ctx.hot.markLost(key);
      }
    }
    if (entry === undefined) {
      entry = { id: randomUUID(), event };
      record = await executions.appendInbox(key, entry);
      if (record === undefined) throw executionNotExists(key);
      if (!drainedByOther(self, record) || options.handOff === true) continue;
    }
    const lease = record?.drainer ?? { owner: '', until: 0 };
    const looked = await awaitDrainer(ctx, key, entry.id, lease, options);
    if (looked === 'applied') return absorbed(record ?? (await executions.load(key)) ?? throwGone(key));
    if (looked === undefined) throw executionNotExists(key);
    record = looked;
  }
  const code = options.conflictCode ?? 'ConcurrentUpdateError';
  throw new OperationError(
    code,
    `Execution '${key.executionName}' of flow '${key.flowName}' was updated concurrently ${rounds} times; retry`,
  );
}

/** Throws `ExecutionNotExists`. */
function throwGone(key: ExecutionKey): never {
  throw executionNotExists(key);
}

/** The answer for an event another committer applied (or will), with the last record seen. */
function absorbed(record: ExecutionRecord): Applied {
  return { record, result: unchangedResult(record.state), absorbed: true };
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
