import type { JsonObject, Step, StepType } from '../../fdl/types.ts';
import type { Ctx } from '../context.ts';
import type { Outcome } from '../outcome.ts';
import type { SequenceFrame, StepFrame } from '../types.ts';

/** The step definition of type `K`. */
export type StepOf<K extends StepType> = Extract<Step, { type: K }>;

/** What entering a step gives: a frame to keep while it runs, or its outcome at once. */
export type Entered = { frame: StepFrame } | { outcome: Outcome };

/**
 * How one step type runs. `enter` starts it (its `StepEntered` is already recorded, with id
 * `stepId`; `input` is its mapped input); `resume` drives its frame on and tells where it stands.
 */
export interface StepHandler<K extends StepType> {
  enter(ctx: Ctx, step: StepOf<K>, input: SequenceInput, stepId: number): Entered;
  resume(ctx: Ctx, frame: StepFrame, step: StepOf<K>): Outcome;
}

/** What a step receives from its sequence: the mapped input, and the sequence itself. */
export interface SequenceInput {
  input: JsonObject;
  seq: SequenceFrame;
}
