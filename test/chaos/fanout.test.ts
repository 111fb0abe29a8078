/**
 * Invariant 7 at the size users reach: a foreach of 1,000 queue callbacks on the local runtime,
 * reported by 50 concurrent workers that never retry (`test/support/fanout-scenario.ts`).
 */
import { describeFanout } from '../support/fanout-scenario.ts';

describeFanout(1000);
