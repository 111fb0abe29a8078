/**
 * Inputs are derived, not stored. A step's input depends only on its sequence's input and local,
 * the definition and the execution's constant context; a sequence's input only on its parent step's
 * input (plus the item of a foreach iteration). So the stored state keeps the execution input and the
 * locals, and every other input is rebuilt top-down when needed: a foreach over a large input does
 * not store a copy of it per running iteration, nor its items beside it.
 */
import { applyMappings } from '../fdl/mappings.ts';
import { readSource } from '../fdl/paths.ts';
import type { ForeachStep, Json, JsonObject, Step } from '../fdl/types.ts';
import type { Ctx } from './context.ts';
import { defaultStepInput, stepInput } from './data.ts';
import type { StepFrame } from './types.ts';
import type { FrameVisit } from './walk.ts';

/** What a step reads from the sequence it runs in. */
export interface Scope {
  /** The sequence's input. */
  input: JsonObject;
  /** Merge of the outputs of the sequence's steps that ran. */
  local: JsonObject;
}

/** A value worked out when first asked for, then kept. */
export type Derived<T> = () => T;

/** `compute`, called at most once. */
export function once<T>(compute: () => T): Derived<T> {
  let done = false;
  let value: T;
  return () => {
    if (!done) {
      value = compute();
      done = true;
    }
    return value;
  };
}

/** The flow's input: its inputMappings over the execution input, or that input. */
export function rootInput(ctx: Ctx): JsonObject {
  const { definition, state } = ctx;
  if (!definition.inputMappings) return state.input;
  const context = ctx.contextObject('', 0);
  return applyMappings(definition.inputMappings, { input: state.input, local: {}, context });
}

/**
 * A step's own input: a task's is what it received (`received`: its sequence's input merged with
 * its local), as each attempt maps its own; another step's is its inputMappings over its sequence.
 */
export function ownInput(
  ctx: Ctx,
  step: Step,
  parent: Scope,
  received: JsonObject = defaultStepInput(parent),
): JsonObject {
  if (step.type === 'task' || !step.inputMappings) return received;
  return stepInput(step.inputMappings, parent, ctx.contextObject(step.name, 0));
}

/** The collection a foreach iterates over, read from its input; `undefined` when not an array. */
export function foreachItems(ctx: Ctx, step: ForeachStep, input: JsonObject): Json[] | undefined {
  const context = ctx.contextObject(step.name, 0);
  const read = readSource(step.iterationMapping.collection, { input, local: {}, context });
  return read.found && Array.isArray(read.value) ? read.value : undefined;
}

/** The input of iteration `position`: the step input plus the item (and the index). */
export function iterationInput(
  step: ForeachStep,
  input: JsonObject,
  items: readonly Json[],
  position: number,
): JsonObject {
  const { item, index } = step.iterationMapping;
  const result: JsonObject = { ...input, [item]: items[position] ?? null };
  if (index !== undefined) result[index] = position;
  return result;
}

/** The input of nested sequence `key` (branch, iteration) of a container step whose input is `input`. */
function childInput(ctx: Ctx, frame: StepFrame, step: Step, input: JsonObject, key: number): JsonObject {
  if (frame.type !== 'foreach' || step.type !== 'foreach') return input;
  return iterationInput(step, input, foreachItems(ctx, step, input) ?? [], key);
}

/** The input of the sequence a running step was found in (a retry maps its attempt over it). */
export function sequenceInputOf(ctx: Ctx, visit: FrameVisit): JsonObject {
  const parent = visit.parent;
  if (!parent) return rootInput(ctx);
  const holder = parent.visit;
  const input = ownInput(ctx, holder.step, { input: sequenceInputOf(ctx, holder), local: holder.seq.local });
  return childInput(ctx, holder.frame, holder.step, input, parent.key);
}
