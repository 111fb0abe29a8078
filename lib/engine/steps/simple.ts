import { sizeError, stepOutput } from '../data.ts';
import { FlowErrors } from '../errors.ts';
import { failed, RUNNING } from '../outcome.ts';
import type { StepHandler } from './handler.ts';

/** `pass`: no work; its output is built by outputMappings (its local is empty). */
export const passHandler: StepHandler<'pass'> = {
  enter(ctx, step, { input }) {
    const output = stepOutput(step.outputMappings, input, {}, ctx.contextObject(step.name, 0), {});
    const tooLarge = sizeError(output, 'the step output');
    return { outcome: tooLarge ? { kind: 'failed', error: tooLarge } : { kind: 'done', output } };
  },
  resume: () => RUNNING,
};

/** `succeed`: ends the innermost scope (flow, parallel branch, foreach iteration) with success. */
export const succeedHandler: StepHandler<'succeed'> = {
  enter(ctx, step, { input }) {
    const output = stepOutput(step.outputMappings, input, {}, ctx.contextObject(step.name, 0), {});
    const tooLarge = sizeError(output, 'the step output');
    return { outcome: tooLarge ? { kind: 'failed', error: tooLarge } : { kind: 'scopeSucceeded', output } };
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
