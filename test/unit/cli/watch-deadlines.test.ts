import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { statusLine, watchExecution } from '../../../lib/cli/commands/watch.ts';
import type { CommandContext } from '../../../lib/cli/context.ts';
import { nextDeadline, waitingTasks } from '../../../lib/cli/watch/describe-event.ts';
import type { FlowbackClient } from '../../../lib/client/index.ts';
import type { HistoryEvent } from '../../../lib/engine/types.ts';
import type { JsonObject } from '../../../lib/fdl/types.ts';

const T0 = Date.parse('2026-01-01T00:00:00.000Z');

/** A history event `ms` after T0. */
function event(
  eventId: number,
  type: HistoryEvent['type'],
  ms: number,
  detail: JsonObject,
  scheduleEventId = 0,
): HistoryEvent {
  return { eventId, type, stepName: 'work', time: new Date(T0 + ms).toISOString(), scheduleEventId, detail };
}

/** A task scheduled at T0 with `detail`, submitted 1 s later. */
function waiting(detail: JsonObject): HistoryEvent[] {
  return [
    event(1, 'ExecutionStarted', 0, { input: {} }),
    event(2, 'StepEntered', 0, { input: {}, local: {} }),
    event(3, 'TaskScheduled', 0, {
      resourceArn: 'acs:mns:::/queues/q/messages',
      pattern: 'waitForCallback',
      input: {},
      ...detail,
    }),
    event(4, 'TaskSubmitted', 1000, { input: {}, output: {}, taskToken: 't' }, 3),
  ];
}

describe('watch counts down to the deadline that fires first', () => {
  it('the heartbeat timeout when it comes before the task timeout', () => {
    const events = waiting({ timeoutSeconds: 60, heartbeatSeconds: 10 });
    assert.deepEqual(waitingTasks(events), [
      { step: 'work', deadline: T0 + 60_000, heartbeatDeadline: T0 + 11_000 },
    ]);
    assert.match(statusLine(events, T0 + 5000, 0), /waiting for work \(heartbeat timeout in 6 s\)$/);
  });

  it('the task timeout when it comes first', () => {
    const events = waiting({ timeoutSeconds: 8, heartbeatSeconds: 30 });
    assert.match(statusLine(events, T0 + 5000, 0), /waiting for work \(times out in 3 s\)$/);
  });

  it('the task timeout once the heartbeat deadline has passed (a heartbeat moved it; heartbeats are not in the history)', () => {
    const events = waiting({ timeoutSeconds: 60, heartbeatSeconds: 10 });
    assert.match(statusLine(events, T0 + 15_000, 0), /waiting for work \(times out in 45 s\)$/);
    assert.equal(nextDeadline({ step: 'work', heartbeatDeadline: T0 + 11_000 }, T0 + 15_000), undefined);
  });

  it('no countdown before the submission for a heartbeat-only task, and none without deadlines', () => {
    const scheduledOnly = waiting({ heartbeatSeconds: 10 }).slice(0, 3);
    assert.match(statusLine(scheduledOnly, T0, 0), /waiting for work$/);
    assert.match(
      statusLine(waiting({ heartbeatSeconds: 10 }), T0 + 2000, 0),
      /\(heartbeat timeout in 9 s\)$/,
    );
    assert.match(statusLine(waiting({}), T0 + 2000, 0), /waiting for work$/);
  });
});

describe('watch into a reader that has gone (| head)', () => {
  it('stops following a running execution once its output is closed', async () => {
    let closed = false;
    let polls = 0;
    const context = {
      io: {
        out: () => {
          closed = true;
        },
        err: () => {},
        outputClosed: () => closed,
      },
      exit: () => {},
      client: () => assert.fail('no client'),
    } as unknown as CommandContext;
    const client = {
      describeExecution: async () => {
        polls += 1;
        return { status: 'Running' };
      },
      getExecutionHistory: async () => ({ events: waiting({ timeoutSeconds: 60 }) }),
    } as unknown as FlowbackClient;
    const status = await watchExecution(context, client, 'f', 'e', async () => {});
    assert.deepEqual([status, polls], ['Running', 1]);
  });
});
