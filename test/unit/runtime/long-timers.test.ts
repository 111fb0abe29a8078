import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createMemoryRuntime } from '../../../lib/adapters/memory/index.ts';

const executionKey = { flowName: 'f', executionName: 'e1' };

describe('Runtime: TimerFired items of long timers (queues delay at most 15 minutes)', () => {
  it('schedules an item that arrives before its fireAt again instead of delivering it', async () => {
    const { runtime, clock, stores } = createMemoryRuntime();
    const fireAt = clock.now() + 3_600_000;
    await runtime.handleWorkItem({
      type: 'TimerFired',
      id: 'timer:f/e1/w',
      executionKey,
      timerId: 'w',
      fireAt,
    });
    assert.deepEqual(stores.timers.all(), [{ executionKey, timerId: 'w', fireAt }]);
  });

  it('delivers (then forgets) an item that is due, and one without fireAt', async () => {
    const { runtime, clock, stores } = createMemoryRuntime();
    await stores.timers.schedule({ executionKey, timerId: 'w', fireAt: clock.now() });
    await runtime.handleWorkItem({
      type: 'TimerFired',
      id: 'timer:f/e1/w',
      executionKey,
      timerId: 'w',
      fireAt: clock.now(),
    });
    assert.deepEqual(stores.timers.all(), []);
    await stores.timers.schedule({ executionKey, timerId: 'v', fireAt: clock.now() + 5 });
    await runtime.handleWorkItem({ type: 'TimerFired', id: 'timer:f/e1/v', executionKey, timerId: 'v' });
    assert.deepEqual(stores.timers.all(), []);
  });
});
