import { jsonByteLength } from '../../fdl/json-values.ts';
import { readsLocal } from '../../fdl/mappings.ts';
import type { Json, JsonObject } from '../../fdl/types.ts';
import { cancelSequence } from '../cancel.ts';
import type { Ctx } from '../context.ts';
import { FlowErrors } from '../errors.ts';
import { foreachItems, iterationInput, once } from '../inputs.ts';
import { DEFAULT_FOREACH_CONCURRENCY, MAX_FOREACH_ITEMS } from '../limits.ts';
import type { Outcome } from '../outcome.ts';
import { failed, finishedStep, RUNNING } from '../outcome.ts';
import { RESULT_CHUNK_BYTES } from '../results.ts';
import type { ForeachFrame } from '../types.ts';
import type { SequenceDriver, StepHandler, StepOf } from './handler.ts';

/**
 * `foreach`: one iteration per collection item, at most `maxConcurrency` (default
 * `DEFAULT_FOREACH_CONCURRENCY`) at a time, a sliding window that starts the next as one ends. Each
 * iteration's input is the step input plus the item (and index); the step's local is the array of
 * iteration locals in collection order. A failing iteration fails the step. The frame keeps neither
 * the items nor the iterations' inputs: both are read from the step input when needed; and it keeps
 * the finished iterations' locals only when an output mapping reads `$local` (without one, the step's
 * output is `{}`; the outputs are in the history's `IterationExited` events either way), and then
 * only the latest of them: the others are moved to result chunks stored apart.
 */
export const foreachHandler: StepHandler<'foreach'> = {
  enter(ctx, step, { input }, stepId) {
    const items = foreachItems(ctx, step, input);
    if (items === undefined) {
      return {
        outcome: failed(
          FlowErrors.InvalidInput,
          `the foreach collection ${step.iterationMapping.collection} is not an array`,
        ),
      };
    }
    if (items.length > MAX_FOREACH_ITEMS) {
      return {
        outcome: failed(
          FlowErrors.InvalidInput,
          `the foreach collection has ${items.length} items, more than ${MAX_FOREACH_ITEMS}`,
        ),
      };
    }
    const frame: ForeachFrame = { type: 'foreach', id: stepId, next: 0, running: {}, locals: {} };
    return { frame };
  },
  resume(ctx, frame, step, derivedInput, driver): Outcome {
    const foreach = frame as ForeachFrame;
    const input = derivedInput();
    // An array when the step was entered, and the same one now: the step input is derived alike.
    const items = foreachItems(ctx, step, input) ?? [];
    // The iterations' events record the collection as a reference (see `Ctx.withCollection`).
    return ctx.withCollection(step.name, items, () =>
      driveIterations(ctx, foreach, step, input, items, driver),
    );
  },
};

/** Starts iterations up to the window, drives the running ones, and ends the step when all are done. */
function driveIterations(
  ctx: Ctx,
  foreach: ForeachFrame,
  step: StepOf<'foreach'>,
  input: JsonObject,
  items: readonly Json[],
  driver: SequenceDriver,
): Outcome {
  const limit = step.maxConcurrency ?? DEFAULT_FOREACH_CONCURRENCY;
  const keepLocals = readsLocal(step.outputMappings);
  for (;;) {
    let running = Object.keys(foreach.running).length;
    while (running < limit && foreach.next < items.length) {
      const position = foreach.next++;
      ctx.emit('IterationEntered', step.name, {
        index: position,
        input: iterationInput(step, input, items, position),
      });
      foreach.running[position] = { local: {}, index: 0 };
      running++;
    }
    let progressed = false;
    for (const key of Object.keys(foreach.running)) {
      const iteration = foreach.running[key];
      if (!iteration) continue;
      const position = Number(key);
      const iterationIn = once(() => iterationInput(step, input, items, position));
      const result = driver.drive(ctx, iteration, step.steps, iterationIn);
      if (result.kind === 'running') continue;
      if (result.kind === 'failed') {
        for (const other of Object.values(foreach.running))
          if (other !== iteration) cancelSequence(ctx, other, result.error);
        return result;
      }
      ctx.emit('IterationExited', step.name, { index: position, output: result.output });
      if (keepLocals) keepLocal(ctx, foreach, position, result.output);
      delete foreach.running[key];
      progressed = true;
    }
    if (!progressed || foreach.next >= items.length) break;
  }
  if (Object.keys(foreach.running).length > 0 || foreach.next < items.length) return RUNNING;
  if (!keepLocals) return finishedStep(ctx, step, input, [], {});
  const finished = { ...ctx.results.take(foreach.stored ?? []), ...foreach.locals };
  const locals = items.map((_, position) => finished[position] ?? {});
  return finishedStep(ctx, step, input, locals, {});
}

/**
 * Keeps a finished iteration's local; once the kept ones pass `RESULT_CHUNK_BYTES` of JSON, moves
 * them out of the state into a result chunk (`results.ts`), read back when the step ends.
 */
function keepLocal(ctx: Ctx, foreach: ForeachFrame, position: number, local: JsonObject): void {
  foreach.locals[position] = local;
  // The local, its key and punctuation.
  const bytes = (foreach.localsBytes ?? 0) + jsonByteLength(local) + String(position).length + 4;
  if (bytes < RESULT_CHUNK_BYTES) {
    foreach.localsBytes = bytes;
    return;
  }
  foreach.stored = [...(foreach.stored ?? []), ctx.results.make(ctx.ids, foreach.locals)];
  foreach.locals = {};
  delete foreach.localsBytes;
}
