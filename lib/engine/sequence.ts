import { mergeInto } from '../fdl/mappings.ts';
import type { JsonObject, Step, StepType } from '../fdl/types.ts';
import type { Ctx } from './context.ts';
import { defaultStepInput } from './data.ts';
import type { Derived } from './inputs.ts';
import { once, ownInput } from './inputs.ts';
import type { Outcome } from './outcome.ts';
import { RUNNING } from './outcome.ts';
import type { Entered, SequenceDriver, StepHandler } from './steps/handler.ts';
import { stepHandlers } from './steps/registry.ts';
import type { SequenceFrame, StepFrame } from './types.ts';

/** The handler of a step, typed loosely for dispatch. */
function handlerOf(step: Step): StepHandler<StepType> {
  return stepHandlers[step.type] as StepHandler<StepType>;
}

/**
 * Enters `step`: `StepEntered`, then its handler. Returns what the handler gave, and the step's own
 * input. `StepEntered` records the scope its inputMappings read, as they read it: `input` is `$input`
 * (the sequence's input), `local` is `$local` (the sequence's local so far); without inputMappings the
 * step receives the two merged (local wins). Recording only the merge made a field of the local look
 * like one of `$input`.
 */
function enterStep(
  ctx: Ctx,
  step: Step,
  seq: SequenceFrame,
  seqInput: JsonObject,
): { entered: Entered; input: JsonObject } {
  const parent = { input: seqInput, local: seq.local };
  const received = defaultStepInput(parent);
  const stepId = ctx.emit('StepEntered', step.name, { input: parent.input, local: parent.local });
  const input = ownInput(ctx, step, parent, received);
  return { entered: handlerOf(step).enter(ctx, step, { input, parent }, stepId), input };
}

/** What container steps run their nested sequences with. */
const driver: SequenceDriver = { drive: driveSequence };

/** Drives a step's frame on; `input` is the step's own. */
function resumeStep(ctx: Ctx, frame: StepFrame, step: Step, input: Derived<JsonObject>): Outcome {
  return handlerOf(step).resume(ctx, frame, step, input, driver);
}

/**
 * Runs a sequence (whose input is `input`) as far as it can go: steps one after the other, each step's output merged into
 * the sequence's local, `goto` and `end` obeyed. Returns `running` while a step waits, `done` with
 * the sequence's local when it ends, `failed` when a step fails (`StepFailed` recorded), and
 * `scopeSucceeded` when a succeed step ended it (the caller decides whether it is a scope).
 */
export function driveSequence(
  ctx: Ctx,
  seq: SequenceFrame,
  steps: Step[],
  input: Derived<JsonObject>,
): Outcome {
  for (;;) {
    const step = steps[seq.index];
    if (!step) return { kind: 'done', output: seq.local };
    let outcome: Outcome;
    if (seq.step) {
      // The sequence's local has not changed since the step was entered: its input comes out the same.
      const local = seq.local;
      outcome = resumeStep(
        ctx,
        seq.step,
        step,
        once(() => ownInput(ctx, step, { input: input(), local })),
      );
    } else {
      const { entered, input: own } = enterStep(ctx, step, seq, input());
      if ('frame' in entered) {
        seq.step = entered.frame;
        outcome = resumeStep(ctx, entered.frame, step, () => own);
      } else {
        outcome = entered.outcome;
      }
    }
    if (outcome.kind === 'running') return RUNNING;
    delete seq.step;
    if (outcome.kind === 'failed') {
      ctx.emit('StepFailed', step.name, { ...outcome.error });
      return outcome;
    }
    ctx.emit('StepExited', step.name, { output: outcome.output });
    seq.local = mergeInto(seq.local, outcome.output);
    if (outcome.kind === 'scopeSucceeded') return { kind: 'scopeSucceeded', output: seq.local };
    if (outcome.goto !== undefined) {
      seq.index = steps.findIndex((sibling) => sibling.name === outcome.goto);
    } else if ('end' in step && step.end) {
      seq.index = steps.length;
    } else {
      seq.index += 1;
    }
  }
}
