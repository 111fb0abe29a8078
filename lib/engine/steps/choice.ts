import { evaluateCondition } from '../../fdl/conditions.ts';
import type { Outcome } from '../outcome.ts';
import { finishedStep } from '../outcome.ts';
import type { ChoiceFrame } from '../types.ts';
import { childSteps } from '../walk.ts';
import type { StepHandler } from './handler.ts';

/** `choice`: the first option whose condition holds runs its steps, then its goto; else the default. */
export const choiceHandler: StepHandler<'choice'> = {
  enter(_ctx, step, { input }, stepId) {
    const option = step.choices.findIndex((choice) => evaluateCondition(choice.expression, input));
    const chosen = option >= 0 ? step.choices[option] : step.default;
    const frame: ChoiceFrame = {
      type: 'choice',
      id: stepId,
      option: chosen ? option : -1,
      branch: { local: {}, index: 0 },
    };
    if (chosen?.goto !== undefined) frame.goto = chosen.goto;
    return { frame };
  },
  resume(ctx, frame, step, input, driver): Outcome {
    const choice = frame as ChoiceFrame;
    // The branch runs with the step's input.
    const result = driver.drive(ctx, choice.branch, childSteps(choice, step, 0), input);
    if (result.kind === 'running' || result.kind === 'failed') return result;
    const finished = finishedStep(ctx, step, input(), result.output, result.output, result.kind);
    if (finished.kind !== 'done' || choice.goto === undefined) return finished;
    return { ...finished, goto: choice.goto };
  },
};
