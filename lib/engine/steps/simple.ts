import { FlowErrors } from '../errors.ts';
import { failed, finishedStep, RUNNING } from '../outcome.ts';
import type { StepHandler } from './handler.ts';

/** `pass`: no work; its output is built by outputMappings (its local is empty). */
export const passHandler: StepHandler<'pass'> = {
  enter(ctx, step, { input }) {
    return { outcome: finishedStep(ctx, step, input, {}, {}) };
  },
  resume: () => RUNNING,
};

/** `succeed`: ends the innermost scope (flow, parallel branch, foreach iteration) with success. */
export const succeedHandler: StepHandler<'succeed'> = {
  enter(ctx, step, { input }) {
    return { outcome: finishedStep(ctx, step, input, {}, {}, 'scopeSucceeded') };
  },
  resume: () => RUNNING,
};

/** `fail`: fails with its `error` (default `FnF.Fail`) and `cause` (default empty). */
export const failHandler: StepHandler<'fail'> = {
  enter(_ctx, step) {
    return { outcome: failed(step.error ?? FlowErrors.Fail, step.cause ?? '') };
  },
  resume: () => RUNNING,
};
