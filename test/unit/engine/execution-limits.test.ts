import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { advance } from '../../../lib/engine/index.ts';
import { HISTORY_EVENT_LIMIT } from '../../../lib/engine/limits.ts';
import { busy, driveBusy } from '../../support/busy-flow.ts';
import { callback, deepFreeze, echo, eventOf, flow, pass, run } from '../../support/engine-flows.ts';
import { testIds } from '../../support/engine-harness.ts';

describe('execution: advance is a pure function', () => {
  it('does not mutate the state or the definition it is given', () => {
    deepFreeze(busy);
    const r = driveBusy((h) => deepFreeze(h.state));
    assert.equal(r.state.status, 'Succeeded');
  });

  it('leaves the given state equal to a copy taken before', () => {
    const r = run(flow([callback('cb')]), {}, { worker: echo });
    r.start();
    const state = r.state;
    const copy = structuredClone(state);
    advance(
      r.definition,
      state,
      { type: 'Report', scheduleEventId: 3, tokenHash: 'hash-1', report: { kind: 'succeeded', output: {} } },
      r.now,
      testIds(),
    );
    assert.deepEqual(state, copy);
  });

  it('gives the same history, commands and state for the same inputs', () => {
    const a = driveBusy();
    const b = driveBusy();
    assert.deepEqual([a.history, a.commands, a.state], [b.history, b.commands, b.state]);
  });
});

describe('execution: history limit', () => {
  const endless = flow([
    pass('a', { n: 1 }),
    { type: 'choice', name: 'loop', choices: [{ condition: 'true', goto: 'a' }] },
  ]);

  it('fails an endless loop with FnF.HistoryLimitExceeded at exactly HISTORY_EVENT_LIMIT (100,000) events', () => {
    const r = run(endless);
    r.start();
    assert.equal(r.history.length, HISTORY_EVENT_LIMIT);
    assert.equal(r.history.at(-1)?.type, 'ExecutionFailed');
    assert.equal(r.history.at(-1)?.eventId, HISTORY_EVENT_LIMIT);
    assert.deepEqual([r.state.status, r.state.error], ['Failed', 'FnF.HistoryLimitExceeded']);
    assert.deepEqual(
      r.history.map((e) => e.eventId).filter((id, i) => id !== i + 1),
      [],
    );
  });

  it('holds the limit across many advances (a loop with a wait)', () => {
    const slow = flow([
      { type: 'wait', name: 'w', duration: 1 },
      { type: 'choice', name: 'loop', choices: [{ condition: 'true', goto: 'w' }] },
    ]);
    const r = run(slow);
    r.start();
    for (let i = 0; i < HISTORY_EVENT_LIMIT / 3 && r.state.status === 'Running'; i++) r.advanceBy(1_000);
    assert.equal(r.history.length, HISTORY_EVENT_LIMIT);
    assert.deepEqual(
      [r.history.at(-1)?.type, r.state.error],
      ['ExecutionFailed', 'FnF.HistoryLimitExceeded'],
    );
  });

  it('keeps the answer and the tombstone of a report whose advance reaches the limit', () => {
    const definition = flow([
      {
        type: 'foreach',
        name: 'many',
        iterationMapping: { collection: '$.xs', item: 'x' },
        steps: [pass('p')],
      },
      callback('cb'),
      pass('a'),
      { type: 'choice', name: 'loop', choices: [{ condition: 'true', goto: 'a' }] },
    ]);
    const r = run(definition, { xs: Array.from({ length: 6_000 }, () => 0) }, { worker: echo });
    r.start();
    assert.equal(r.state.status, 'Running');
    const result = r.report({ kind: 'succeeded', output: { done: true } });
    const succeeded = eventOf(r.history, 'TaskSucceeded', 'cb');
    assert.deepEqual(result.reply, { accepted: true, eventId: succeeded.eventId });
    assert.deepEqual(r.commandsOf('EndToken'), [
      {
        type: 'EndToken',
        tokenHash: 'hash-1',
        outcome: {
          kind: 'reported',
          report: { kind: 'succeeded', output: { done: true } },
          eventId: succeeded.eventId,
        },
      },
    ]);
    assert.deepEqual([r.history.length, r.state.error], [HISTORY_EVENT_LIMIT, 'FnF.HistoryLimitExceeded']);
  });

  it('cancels what waits when the limit is reached', () => {
    const loop = [
      { type: 'wait', name: 'w', duration: 1 },
      pass('a'),
      { type: 'choice', name: 'loop', choices: [{ condition: 'true', goto: 'a' }] },
    ];
    const definition = flow([
      { type: 'parallel', name: 'par', branches: [{ steps: [callback('cb')] }, { steps: loop }] },
    ]);
    const r = run(definition, {}, { worker: echo });
    r.start();
    assert.equal(r.state.status, 'Running');
    r.advanceBy(1_000);
    assert.equal(r.state.error, 'FnF.HistoryLimitExceeded');
    assert.equal(r.commandsOf('Finish')[0]?.error, 'FnF.HistoryLimitExceeded');
    assert.deepEqual(r.commandsOf('EndToken'), [
      { type: 'EndToken', tokenHash: 'hash-1', outcome: { kind: 'cancelled' } },
    ]);
  });
});
