import { cancelSequence } from '../cancel.ts';
import type { Outcome } from '../outcome.ts';
import { finishedStep, RUNNING } from '../outcome.ts';
import type { ParallelFrame } from '../types.ts';
import { childSteps } from '../walk.ts';
import type { StepHandler } from './handler.ts';

/**
 * `parallel`: every branch runs with the step's input and a local of its own; the step's local is
 * the array of branch locals (branch order). A failing branch fails the step and cancels the others.
 */
export const parallelHandler: StepHandler<'parallel'> = {
  enter(ctx, step, { input }, stepId) {
    const frame: ParallelFrame = {
      type: 'parallel',
      id: stepId,
      branches: step.branches.map(() => ({ running: { local: {}, index: 0 } })),
    };
    for (const index of step.branches.keys()) ctx.emit('BranchEntered', step.name, { index, input });
    return { frame };
  },
  resume(ctx, frame, step, input, driver): Outcome {
    const parallel = frame as ParallelFrame;
    for (const [index, branch] of parallel.branches.entries()) {
      if (!('running' in branch)) continue;
      const result = driver.drive(ctx, branch.running, childSteps(parallel, step, index), input);
      if (result.kind === 'running') continue;
      if (result.kind === 'failed') {
        for (const other of parallel.branches)
          if ('running' in other) cancelSequence(ctx, other.running, result.error);
        return result;
      }
      ctx.emit('BranchExited', step.name, { index, output: result.output });
      parallel.branches[index] = { done: result.output };
    }
    const locals = parallel.branches.map((branch) => ('done' in branch ? branch.done : null));
    if (locals.includes(null)) return RUNNING;
    return finishedStep(ctx, step, input(), locals, {});
  },
};
