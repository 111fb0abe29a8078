/**
 * A flow with a bit of everything (retry, parallel with a callback and a wait, foreach, choice),
 * driven to its end: for tests of the history's invariants, purity and determinism.
 */
import type { EngineEvent } from '../../lib/engine/types.ts';
import { callback, echo, flow, pass, run, task, thrower } from './engine-flows.ts';
import type { Harness } from './engine-harness.ts';

/** A flow with a bit of everything: retry, parallel callbacks, foreach, choice and a wait. */
export const busy = flow([
  task('flaky', 'flaky', { retry: [{ errors: ['Flaky'], intervalSeconds: 1 }] }),
  {
    type: 'parallel',
    name: 'par',
    branches: [
      { steps: [callback('left')] },
      { steps: [{ type: 'wait', name: 'nap', duration: 3 }, pass('woke', { woke: true })] },
    ],
  },
  {
    type: 'foreach',
    name: 'each',
    iterationMapping: { collection: '$.xs', item: 'x', index: 'i' },
    steps: [task('up', 'echo')],
  },
  {
    type: 'choice',
    name: 'pick',
    choices: [{ condition: '$.woke == true', steps: [pass('yes', { chose: 'yes' })] }],
  },
]);

/** Drives `busy` to its end, calling `before` before every event. */
export function driveBusy(before: (r: Harness) => void = () => {}): Harness {
  let calls = 0;
  const r = run(
    busy,
    { xs: [1, 2, 3] },
    {
      flaky: (event) => (++calls === 1 ? thrower('Flaky')(event) : { flaky: 'ok' }),
      echo,
      worker: echo,
    },
  );
  const send = r.send.bind(r);
  r.send = (event: EngineEvent) => {
    before(r);
    return send(event);
  };
  r.start();
  r.advanceBy(1_000);
  r.report({ kind: 'succeeded', output: { left: true } }, 'left');
  r.advanceBy(3_000);
  return r;
}
