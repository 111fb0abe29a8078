/**
 * Invariant 7 on the local runtime: a foreach of 100 queue callbacks, all waiting at once, reported
 * by 50 concurrent workers that never retry (`test/support/fanout-scenario.ts`). The same at 1,000
 * runs in `npm run test:chaos`; the measured figures are in the `fanout` benchmark.
 */
import { describeFanout } from '../../support/fanout-scenario.ts';

describeFanout(100);
