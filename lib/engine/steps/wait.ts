import { readSource } from '../../fdl/paths.ts';
import { isRfc3339Timestamp } from '../../fdl/timestamps.ts';
import type { Json, JsonObject } from '../../fdl/types.ts';
import type { Ctx } from '../context.ts';
import { FlowErrors } from '../errors.ts';
import { MAX_WAIT_SECONDS } from '../limits.ts';
import { failed, finishedStep, RUNNING } from '../outcome.ts';
import { timerId } from '../timers.ts';
import type { WaitFrame } from '../types.ts';
import type { StepHandler, StepOf } from './handler.ts';

/** Reads a constant or a `$` path of the wait step against its input. */
function resolve(value: Json, input: JsonObject, context: JsonObject): Json | undefined {
  const read = readSource(value, { input, local: {}, context });
  return read.found ? read.value : undefined;
}

/** When the wait ends (epoch ms), or the reason the step input cannot say. */
function wakeTime(ctx: Ctx, step: StepOf<'wait'>, input: JsonObject): number | string {
  const context = ctx.contextObject(step.name, 0);
  if (step.duration !== undefined) {
    const seconds = resolve(step.duration, input, context);
    if (typeof seconds !== 'number' || !Number.isFinite(seconds) || seconds < 0) {
      return `the wait duration ${JSON.stringify(seconds ?? null)} is not a number of seconds`;
    }
    if (seconds > MAX_WAIT_SECONDS)
      return `the wait duration ${seconds} s is longer than ${MAX_WAIT_SECONDS} s`;
    return ctx.now + seconds * 1000;
  }
  const stamp = resolve(step.timestamp ?? null, input, context);
  // Only RFC 3339: `Date.parse` also takes other formats, some read in the host's time zone.
  const at = typeof stamp === 'string' && isRfc3339Timestamp(stamp) ? Date.parse(stamp) : Number.NaN;
  if (Number.isNaN(at)) return `the wait timestamp ${JSON.stringify(stamp ?? null)} is not an RFC 3339 time`;
  if (at - ctx.now > MAX_WAIT_SECONDS * 1000)
    return `the wait timestamp ${stamp} is more than ${MAX_WAIT_SECONDS} s away`;
  return at;
}

/** `wait`: a duration or a timestamp, as a timer; a time in the past ends it at once. */
export const waitHandler: StepHandler<'wait'> = {
  enter(ctx, step, { input }, stepId) {
    const at = wakeTime(ctx, step, input);
    if (typeof at === 'string') return { outcome: failed(FlowErrors.InvalidInput, at) };
    if (at <= ctx.now) return { outcome: finishedStep(ctx, step, input, {}, {}) };
    const frame: WaitFrame = {
      type: 'wait',
      id: stepId,
      timerId: timerId({ kind: 'wait', stepId }),
      fireAt: at,
    };
    ctx.command({ type: 'ScheduleTimer', timerId: frame.timerId, fireAt: at });
    return { frame };
  },
  resume(ctx, frame, step, input) {
    const wait = frame as WaitFrame;
    return wait.fired ? finishedStep(ctx, step, input(), {}, {}) : RUNNING;
  },
};
