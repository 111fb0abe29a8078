import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { EngineEvent } from '../../../lib/engine/types.ts';
import type { FlowDefinition, JsonObject } from '../../../lib/fdl/types.ts';
import { driveBusy } from '../../support/busy-flow.ts';
import {
  assertWellFormedHistory,
  callback,
  childArn,
  echo,
  eventOf,
  flow,
  mappings,
  pass,
  run,
  task,
  thrower,
} from '../../support/engine-flows.ts';
import type { Harness } from '../../support/engine-harness.ts';

const samples: [string, FlowDefinition, JsonObject][] = [
  ['a pass', flow([pass('p', { a: 1 })]), {}],
  ['a failing task', flow([task('t', 'boom')]), {}],
  [
    'a fail inside a choice',
    flow([
      { type: 'choice', name: 'c', choices: [{ condition: 'true', steps: [{ type: 'fail', name: 'f' }] }] },
    ]),
    {},
  ],
  [
    'a succeed inside a foreach',
    flow([
      {
        type: 'foreach',
        name: 'e',
        iterationMapping: { collection: '$.xs', item: 'x' },
        steps: [{ type: 'succeed', name: 's' }],
      },
    ]),
    { xs: [1, 2] },
  ],
  [
    'a caught error',
    flow([task('t', 'boom', { catch: [{ errors: ['FnF.ALL'], goto: 'h' }] }), pass('h')]),
    {},
  ],
];

describe('execution: history', () => {
  it('starts Running (there is no Starting status) with no event before Start', () => {
    const r = run(flow([pass('p')]), { a: 1 });
    assert.deepEqual([r.state.status, r.state.nextEventId, r.history.length], ['Running', 1, 0]);
    r.start();
    assert.deepEqual(r.history[0], {
      eventId: 1,
      type: 'ExecutionStarted',
      stepName: '',
      time: new Date(Date.UTC(2026, 0, 1)).toISOString(),
      scheduleEventId: 0,
      detail: { input: { a: 1 } },
    });
  });

  for (const [label, definition, input] of samples) {
    it(`numbers events 1..n, starts with ExecutionStarted and ends with one terminal event (${label})`, () => {
      const r = run(definition, input, { boom: thrower('Boom') });
      r.start();
      assert.notEqual(r.state.status, 'Running');
      assertWellFormedHistory(r.history);
    });
  }

  it('keeps those invariants across many events (retry, parallel, wait, foreach, choice)', () => {
    const r = driveBusy();
    assert.equal(r.state.status, 'Succeeded');
    assertWellFormedHistory(r.history);
    assert.deepEqual(eventOf(r.history, 'ExecutionStarted').detail, { input: { xs: [1, 2, 3] } });
  });

  it('records time and scheduleEventId on task events', () => {
    const r = driveBusy();
    const scheduled = eventOf(r.history, 'TaskScheduled', 'left');
    assert.equal(eventOf(r.history, 'TaskSucceeded', 'left').scheduleEventId, scheduled.eventId);
    assert.equal(eventOf(r.history, 'StepEntered', 'left').scheduleEventId, 0);
    assert.equal(r.history.at(-1)?.time, new Date(Date.UTC(2026, 0, 1) + 4_000).toISOString());
  });
});

describe('execution: StopExecution', () => {
  function stopped(): Harness {
    const definition = flow([
      {
        type: 'parallel',
        name: 'par',
        branches: [
          { steps: [callback('cb')] },
          { steps: [{ type: 'task', name: 'kid', resourceArn: childArn('kid'), pattern: 'sync' }] },
          { steps: [{ type: 'wait', name: 'w', duration: 60 }] },
        ],
      },
    ]);
    const r = run(definition, {}, { worker: echo });
    r.start();
    r.answer({ ok: true, output: {} }, 'kid');
    r.send({ type: 'Stop', error: 'Operator', cause: 'enough' });
    return r;
  }

  it('ends with status Stopped and ExecutionStopped carrying the error and cause', () => {
    const r = stopped();
    assert.deepEqual([r.state.status, r.state.error, r.state.cause], ['Stopped', 'Operator', 'enough']);
    assert.deepEqual(r.history.at(-1)?.detail, { error: 'Operator', cause: 'enough' });
    assert.equal(r.history.at(-1)?.type, 'ExecutionStopped');
    assert.deepEqual(r.commandsOf('Finish'), [
      { type: 'Finish', status: 'Stopped', error: 'Operator', cause: 'enough' },
    ]);
    assertWellFormedHistory(r.history, { open: ['par', 'cb', 'kid', 'w'] });
  });

  it('cancels the waiting tokens and stops the child executions', () => {
    const r = stopped();
    assert.deepEqual(
      r.commandsOf('EndToken').map((c) => c.outcome.kind),
      ['cancelled', 'cancelled'],
    );
    assert.equal(r.commandsOf('StopChild').length, 1);
  });

  it('ignores every later event', () => {
    const r = stopped();
    const state = structuredClone(r.state);
    const count = r.history.length;
    const commands = r.commands.length;
    r.advanceBy(120_000);
    assert.equal(r.report({ kind: 'succeeded', output: {} }, 'cb').reply?.accepted, false);
    r.send({ type: 'Stop', error: 'Again', cause: '' });
    r.send({ type: 'Start' });
    assert.deepEqual([r.state, r.history.length, r.commands.length], [state, count, commands]);
  });
});

describe('execution: flow timeout', () => {
  it('times out with status TimedOut and FnF.Timeout, cancelling what waits', () => {
    const r = run(flow([callback('cb')], { timeoutSeconds: 30 }), {}, { worker: echo });
    r.start();
    r.advanceBy(29_999);
    assert.equal(r.state.status, 'Running');
    r.advanceBy(1);
    assert.equal(r.state.status, 'TimedOut');
    assert.equal(r.history.at(-1)?.type, 'ExecutionTimedOut');
    assert.equal(r.history.at(-1)?.detail.error, 'FnF.Timeout');
    assert.equal(r.state.error, 'FnF.Timeout');
    assert.deepEqual(r.commandsOf('EndToken'), [
      { type: 'EndToken', tokenHash: 'hash-1', outcome: { kind: 'cancelled' } },
    ]);
    assert.equal(r.commandsOf('Finish')[0]?.status, 'TimedOut');
  });

  it('reschedules a flow timer delivered early instead of timing out', () => {
    const r = run(flow([callback('cb')], { timeoutSeconds: 30 }), {}, { worker: echo });
    r.start();
    const early = r.send({ type: 'TimerFired', timerId: 'flow-timeout' });
    assert.deepEqual(early.events, []);
    assert.deepEqual(early.commands, [
      { type: 'ScheduleTimer', timerId: 'flow-timeout', fireAt: Date.UTC(2026, 0, 1) + 30_000 },
    ]);
  });
});

describe('execution: stale and duplicate events', () => {
  it('ignores a duplicate call result', () => {
    const r = run(flow([task('t', 'f'), callback('cb')]));
    r.start();
    const call = r.openCalls[0];
    assert.ok(call);
    r.answerCall(call, { ok: true, output: { first: true } });
    const again = r.send({
      type: 'CallResult',
      scheduleEventId: call.scheduleEventId,
      result: { ok: true, output: { second: true } },
    });
    assert.deepEqual([again.events, again.commands], [[], []]);
  });

  it('ignores a timer that fires again, an unknown timer and a retry timer already used', () => {
    const r = run(
      flow([
        { type: 'wait', name: 'w', duration: 1 },
        task('t', 'f', { retry: [{ errors: ['E'], intervalSeconds: 1 }] }),
        callback('cb'),
      ]),
      {},
      {
        f: thrower('E'),
      },
    );
    r.start();
    const waitTimer = [...r.timers.keys()][0] ?? '';
    r.advanceBy(1_000);
    const retryTimer = [...r.timers.keys()][0] ?? '';
    r.functions = { 'svc/f': () => ({}) };
    r.advanceBy(1_000);
    const before = structuredClone(r.state);
    for (const timerId of [waitTimer, retryTimer, 'nonsense', 'task-timeout:999', 'wait:x']) {
      const result = r.send({ type: 'TimerFired', timerId });
      assert.deepEqual([result.events, result.commands], [[], []], timerId);
    }
    assert.deepEqual(r.state, before);
  });

  it('ignores a Start on a running execution', () => {
    const r = run(flow([callback('cb')]));
    r.start();
    const again = r.start();
    assert.deepEqual([again.events, again.commands], [[], []]);
  });
});

describe('execution: finished executions', () => {
  it('produce nothing for any event', () => {
    const r = run(flow([pass('p', { a: 1 })], { outputMappings: mappings({ out: '$local.a' }) }));
    r.start();
    const events: EngineEvent[] = [
      { type: 'Start' },
      { type: 'Stop', error: 'E', cause: '' },
      { type: 'TimerFired', timerId: 'flow-timeout' },
      { type: 'CallResult', scheduleEventId: 3, result: { ok: true, output: {} } },
      { type: 'Report', scheduleEventId: 3, tokenHash: 'hash-1', report: { kind: 'succeeded', output: {} } },
      { type: 'Heartbeat', scheduleEventId: 3, tokenHash: 'hash-1' },
    ];
    for (const event of events) {
      const result = r.send(event);
      assert.deepEqual(
        [result.events, result.commands, result.state.status],
        [[], [], 'Succeeded'],
        event.type,
      );
    }
    assert.deepEqual(r.state.output, { out: 1 });
  });
});
