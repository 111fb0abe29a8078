import type { JsonObject, Step, StepType } from '../../fdl/types.ts';
import type { Ctx } from '../context.ts';
import type { Derived, Scope } from '../inputs.ts';
import type { Outcome } from '../outcome.ts';
import type { SequenceFrame, StepFrame } from '../types.ts';

/** The step definition of type `K`. */
export type StepOf<K extends StepType> = Extract<Step, { type: K }>;

/** What entering a step gives: a frame to keep while it runs, or its outcome at once. */
export type Entered = { frame: StepFrame } | { outcome: Outcome };

/**
 * Runs the nested sequences of container steps (choice, parallel, foreach). Handed to `resume`,
 * never imported: the sequence driver dispatches to the handlers, so a handler importing it back
 * would make module initialisation depend on import order.
 */
export interface SequenceDriver {
  /** Runs `seq` (whose input is `input`) through `steps` as far as it can go (see `driveSequence`). */
  drive(ctx: Ctx, seq: SequenceFrame, steps: Step[], input: Derived<JsonObject>): Outcome;
}

/**
 * How one step type runs. `enter` starts it (its `StepEntered` is already recorded, with id
 * `stepId`); `resume` drives its frame on, nested sequences through `driver`, and tells where it
 * stands. Frames store no input: `resume` gets the step's, derived when asked for.
 */
export interface StepHandler<K extends StepType> {
  enter(ctx: Ctx, step: StepOf<K>, input: SequenceInput, stepId: number): Entered;
  resume(
    ctx: Ctx,
    frame: StepFrame,
    step: StepOf<K>,
    input: Derived<JsonObject>,
    driver: SequenceDriver,
  ): Outcome;
}

/**
 * What a step receives from its sequence: its own input (mapped by its inputMappings, except a
 * task's), and the sequence's input and local (a task maps each attempt's input over them).
 */
export interface SequenceInput {
  input: JsonObject;
  parent: Scope;
}
