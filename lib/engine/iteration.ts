/** The input of a foreach iteration (a leaf module: the walk and the foreach step both use it). */
import type { JsonObject } from '../fdl/types.ts';
import type { ForeachFrame, SequenceFrame } from './types.ts';

/**
 * The input of a running iteration: the step input with the iteration's own keys (item, index) over
 * it. A running iteration stores only those keys, so that a foreach over a large input does not keep
 * a copy of it per iteration in the stored state (1,000 iterations of a 10,000-item collection);
 * iterations stored whole (older states) come out the same.
 */
export function iterationInput(foreach: ForeachFrame, iteration: SequenceFrame): JsonObject {
  return { ...foreach.input, ...iteration.input };
}
