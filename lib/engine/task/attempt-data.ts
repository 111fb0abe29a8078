/**
 * What a task attempt is given, derived instead of stored (state schema 3): its token from the
 * execution's `tokenSeed` and its `TaskScheduled` id, its input from its sequence's scope and its
 * `$context`. A waiting attempt then stores a few small numbers, and a foreach with a thousand
 * callbacks waiting keeps its state item small: every commit writes that item whole.
 */
import type { JsonObject, TaskStep } from '../../fdl/types.ts';
import { callIdOf } from '../call-id.ts';
import type { Ctx } from '../context.ts';
import { stepInput } from '../data.ts';
import { type Scope, sequenceInputOf } from '../inputs.ts';
import { taskIdOf } from '../task-id.ts';
import type { ExecutionState, IdSource, TaskAttempt, TaskFrame } from '../types.ts';
import type { FrameVisit } from '../walk.ts';

/** A token and the hash the engine's records know it by. */
export interface IssuedToken {
  token: string;
  hash: string;
}

/**
 * The hash of an attempt's token, if it has one: stored by attempts of older layouts, derived from
 * the seed for newer ones. Pure; the runtime uses it to match waiting attempts with token records.
 */
export function attemptTokenHash(
  state: ExecutionState,
  attempt: TaskAttempt,
  ids: IdSource,
): string | undefined {
  if (attempt.tokenHash !== undefined) return attempt.tokenHash;
  if (!attempt.hasToken || state.tokenSeed === undefined) return undefined;
  return ids.tokenOf(state.tokenSeed, attempt.scheduleEventId).hash;
}

/** The token of the attempt `scheduleEventId`; the execution's seed is drawn on its first token. */
export function issueToken(ctx: Ctx, scheduleEventId: number): IssuedToken {
  ctx.state.tokenSeed ??= ctx.ids.newSeed();
  return ctx.ids.tokenOf(ctx.state.tokenSeed, scheduleEventId);
}

/** The parts of an attempt its input is built from besides its scope. */
export interface AttemptIdentity {
  scheduleEventId: number;
  /** The token, when the task shows it (`waitForCallback`). */
  visibleToken?: string;
  /** When its approval links expire (epoch s), when it has some. */
  linksExpire?: number;
}

/**
 * An attempt's input: the task's inputMappings over its sequence (`parent`) and a `$context` with the
 * attempt's call id, token and approval links. Called when the attempt starts and again, with the
 * same parts, whenever its input is needed later, so both give the same value.
 */
export function attemptInputOf(
  ctx: Ctx,
  frame: TaskFrame,
  step: TaskStep,
  parent: Scope,
  identity: AttemptIdentity,
): JsonObject {
  const { flowName, executionName, startedTime } = ctx.state;
  const { scheduleEventId, visibleToken, linksExpire } = identity;
  const callId = callIdOf(flowName, executionName, startedTime, scheduleEventId);
  const links =
    visibleToken !== undefined && linksExpire !== undefined
      ? ctx.ids.approvalLinks?.(taskIdOf(flowName, executionName, startedTime, scheduleEventId), linksExpire)
      : undefined;
  const context = ctx.contextObject(step.name, frame.retryCount, visibleToken, callId, links);
  return stepInput(step.inputMappings, parent, context);
}

/** The input of a running attempt found in the tree, rebuilt from its sequence (schema 3 attempts). */
export function derivedAttemptInput(
  ctx: Ctx,
  visit: FrameVisit<TaskFrame>,
  attempt: TaskAttempt,
): JsonObject {
  const step = visit.step as TaskStep;
  const parent: Scope = { input: sequenceInputOf(ctx, visit), local: visit.seq.local };
  const visibleToken =
    attempt.hasToken && step.pattern === 'waitForCallback'
      ? issueToken(ctx, attempt.scheduleEventId).token
      : undefined;
  return attemptInputOf(ctx, visit.frame, step, parent, {
    scheduleEventId: attempt.scheduleEventId,
    ...(visibleToken !== undefined ? { visibleToken } : {}),
    ...(attempt.linksExpire !== undefined ? { linksExpire: attempt.linksExpire } : {}),
  });
}
