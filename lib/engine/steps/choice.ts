import { evaluateCondition } from '../../fdl/conditions.ts';
import { sizeError, stepOutput } from '../data.ts';
import type { Outcome } from '../outcome.ts';
import { driveSequence } from '../sequence.ts';
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
      input,
      option: chosen ? option : -1,
      branch: { input, local: {}, index: 0 },
    };
    if (chosen?.goto !== undefined) frame.goto = chosen.goto;
    return { frame };
  },
  resume(ctx, frame, step): Outcome {
    const choice = frame as ChoiceFrame;
    const result = driveSequence(ctx, choice.branch, childSteps(choice, step, 0));
    if (result.kind === 'running' || result.kind === 'failed') return result;
    const local = result.output;
    const output = stepOutput(
      step.outputMappings,
      choice.input,
      local,
      ctx.contextObject(step.name, 0),
      local,
    );
    const tooLarge = sizeError(output, 'the step output');
    if (tooLarge) return { kind: 'failed', error: tooLarge };
    if (result.kind === 'scopeSucceeded') return { kind: 'scopeSucceeded', output };
    return { kind: 'done', output, ...(choice.goto !== undefined ? { goto: choice.goto } : {}) };
  },
};
