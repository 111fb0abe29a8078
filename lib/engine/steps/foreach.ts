import { readSource } from '../../fdl/paths.ts';
import type { JsonObject } from '../../fdl/types.ts';
import { cancelSequence } from '../cancel.ts';
import { FlowErrors } from '../errors.ts';
import { iterationInput } from '../iteration.ts';
import { DEFAULT_FOREACH_CONCURRENCY, MAX_FOREACH_ITEMS } from '../limits.ts';
import type { Outcome } from '../outcome.ts';
import { failed, finishedStep, RUNNING } from '../outcome.ts';
import type { ForeachFrame } from '../types.ts';
import type { StepHandler } from './handler.ts';

/**
 * `foreach`: one iteration per collection item, at most `maxConcurrency` (default
 * `DEFAULT_FOREACH_CONCURRENCY`) at a time, a sliding window that starts the next as one ends. Each
 * iteration's input is the step input plus the item (and index); the step's local is the array of
 * iteration locals in collection order. A failing iteration fails the step.
 */
export const foreachHandler: StepHandler<'foreach'> = {
  enter(ctx, step, { input }, stepId) {
    const context = ctx.contextObject(step.name, 0);
    const read = readSource(step.iterationMapping.collection, { input, local: {}, context });
    const items = read.found ? read.value : null;
    if (!Array.isArray(items)) {
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
    const frame: ForeachFrame = {
      type: 'foreach',
      id: stepId,
      input,
      items,
      next: 0,
      running: {},
      locals: items.map(() => null),
    };
    return { frame };
  },
  resume(ctx, frame, step, driver): Outcome {
    const foreach = frame as ForeachFrame;
    const { item, index } = step.iterationMapping;
    const limit = step.maxConcurrency ?? DEFAULT_FOREACH_CONCURRENCY;
    // What an iteration adds to the step input: all it keeps between two advances (see `iterationInput`).
    const overlayOf = (position: number): JsonObject => {
      const overlay: JsonObject = { [item]: foreach.items[position] ?? null };
      if (index !== undefined) overlay[index] = position;
      return overlay;
    };
    for (;;) {
      let running = Object.keys(foreach.running).length;
      while (running < limit && foreach.next < foreach.items.length) {
        const position = foreach.next++;
        const input: JsonObject = { ...foreach.input, [item]: foreach.items[position] ?? null };
        if (index !== undefined) input[index] = position;
        ctx.emit('IterationEntered', step.name, { index: position, input });
        foreach.running[position] = { input: overlayOf(position), local: {}, index: 0 };
        running++;
      }
      let progressed = false;
      for (const key of Object.keys(foreach.running)) {
        const iteration = foreach.running[key];
        if (!iteration) continue;
        iteration.input = iterationInput(foreach, iteration);
        const result = driver.drive(ctx, iteration, step.steps);
        if (result.kind === 'running') {
          iteration.input = overlayOf(Number(key));
          continue;
        }
        if (result.kind === 'failed') {
          for (const other of Object.values(foreach.running))
            if (other !== iteration) cancelSequence(ctx, other, result.error);
          return result;
        }
        const position = Number(key);
        ctx.emit('IterationExited', step.name, { index: position, output: result.output });
        foreach.locals[position] = result.output;
        delete foreach.running[key];
        progressed = true;
      }
      if (!progressed || foreach.next >= foreach.items.length) break;
    }
    if (Object.keys(foreach.running).length > 0 || foreach.next < foreach.items.length) return RUNNING;
    const locals = foreach.locals.map((local) => local ?? {});
    return finishedStep(ctx, step, foreach.input, locals, {});
  },
};
