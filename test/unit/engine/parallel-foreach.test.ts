import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Json, JsonObject } from '../../../lib/fdl/types.ts';
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
  trace,
} from '../../support/engine-flows.ts';

/** A foreach step over `$.xs` running `steps`, collecting its locals as `locals`. */
function foreach(steps: JsonObject[], more: JsonObject = {}): JsonObject {
  return {
    type: 'foreach',
    name: 'each',
    iterationMapping: { collection: '$.xs', item: 'x' },
    steps,
    outputMappings: mappings({ locals: '$local' }),
    ...more,
  };
}

describe('parallel', () => {
  const twoCallbacks = flow([
    {
      type: 'parallel',
      name: 'par',
      branches: [{ steps: [callback('left')] }, { steps: [callback('right')] }],
      outputMappings: mappings({ locals: '$local' }),
    },
  ]);

  it('frames each branch with BranchEntered and BranchExited, giving it the step input', () => {
    const definition = flow([
      {
        type: 'parallel',
        name: 'par',
        branches: [{ steps: [pass('a', { a: 1 })] }, { steps: [pass('b', { b: 2 })] }],
      },
    ]);
    const r = run(definition, { in: true });
    r.start();
    const framing = r.history.filter((e) => e.type.startsWith('Branch')).map((e) => [e.type, e.detail]);
    assert.deepEqual(framing, [
      ['BranchEntered', { index: 0, input: { in: true } }],
      ['BranchEntered', { index: 1, input: { in: true } }],
      ['BranchExited', { index: 0, output: { a: 1 } }],
      ['BranchExited', { index: 1, output: { b: 2 } }],
    ]);
    assertWellFormedHistory(r.history);
  });

  it('keeps branch order in its local when branches finish out of order', () => {
    const r = run(twoCallbacks, {}, { worker: echo });
    r.start();
    r.report({ kind: 'succeeded', output: { side: 'R' } }, 'right');
    assert.equal(r.state.status, 'Running');
    r.report({ kind: 'succeeded', output: { side: 'L' } }, 'left');
    assert.deepEqual(r.state.output, { locals: [{ side: 'L' }, { side: 'R' }] });
  });

  it('fails when a branch fails, cancelling the tokens still waiting in the others', () => {
    const r = run(twoCallbacks, {}, { worker: echo });
    r.start();
    r.report({ kind: 'failed', error: 'LeftBroke', cause: 'x' }, 'left');
    assert.deepEqual(trace(r.history, ['StepFailed', 'ExecutionFailed']), [
      ['StepFailed', 'left'],
      ['StepFailed', 'par'],
      ['ExecutionFailed', ''],
    ]);
    const right = r.latestToken('right');
    assert.deepEqual(
      r.commandsOf('EndToken').filter((c) => c.tokenHash === right.hash),
      [{ type: 'EndToken', tokenHash: right.hash, outcome: { kind: 'cancelled' } }],
    );
    assert.equal(r.state.error, 'LeftBroke');
    assertWellFormedHistory(r.history, { open: ['right'] });
  });

  it('records nothing more for a cancelled attempt', () => {
    const r = run(twoCallbacks, {}, { worker: echo });
    r.start();
    r.report({ kind: 'failed', error: 'E', cause: '' }, 'left');
    const count = r.history.length;
    const late = r.report({ kind: 'succeeded', output: {} }, 'right');
    assert.equal(late.reply?.accepted, false);
    assert.equal(r.history.length, count);
    const cancelledAt = eventOf(r.history, 'StepFailed', 'left').eventId;
    assert.deepEqual(
      r.history.filter((e) => e.eventId > cancelledAt && e.stepName === 'right'),
      [],
    );
    r.advanceBy(86_400_000);
    assert.equal(r.history.length, count);
  });

  it('stops the child executions of cancelled branches', () => {
    const definition = flow([
      {
        type: 'parallel',
        name: 'par',
        branches: [
          { steps: [{ type: 'task', name: 'kid', resourceArn: childArn('kid'), pattern: 'sync' }] },
          { steps: [task('bad', 'bad')] },
        ],
      },
    ]);
    const r = run(definition);
    r.start();
    const kid = r.commandsOf('CallResource').find((c) => c.stepName === 'kid');
    r.answer({ ok: true, output: {} }, 'kid');
    r.answer({ ok: false, error: 'Bad', cause: 'no' }, 'bad');
    assert.deepEqual(r.commandsOf('StopChild'), [
      {
        type: 'StopChild',
        flowName: 'kid',
        executionName: kid?.childExecutionName,
        error: 'Bad',
        cause: 'no',
      },
    ]);
    assert.deepEqual(
      r.commandsOf('EndToken').map((c) => c.outcome.kind),
      ['cancelled'],
    );
  });
});

describe('foreach', () => {
  it('gives each iteration the step input plus the item, and the 0-based index when set', () => {
    const seen: Json[] = [];
    const definition = flow([
      foreach([task('t', 'probe')], { iterationMapping: { collection: '$.xs', item: 'x', index: 'i' } }),
    ]);
    const r = run(
      definition,
      { xs: ['a', 'b'], other: 1 },
      {
        probe: (event) => {
          seen.push(event);
          return {};
        },
      },
    );
    r.start();
    assert.deepEqual(seen, [
      { xs: ['a', 'b'], other: 1, x: 'a', i: 0 },
      { xs: ['a', 'b'], other: 1, x: 'b', i: 1 },
    ]);
    assert.deepEqual(
      r.history.filter((e) => e.type === 'IterationEntered').map((e) => e.detail.index),
      [0, 1],
    );
    assertWellFormedHistory(r.history);
  });

  it('adds no index key when index is not set', () => {
    const r = run(flow([foreach([pass('p', { copy: '$' })])]), { xs: [7] });
    r.start();
    assert.deepEqual(r.state.output, { locals: [{ copy: { xs: [7], x: 7 } }] });
  });

  it('keeps collection order in its local when iterations finish out of order', () => {
    const r = run(
      flow([foreach([callback('cb', { inputMappings: mappings({ x: '$.x' }) })])]),
      { xs: [0, 1, 2] },
      { worker: echo },
    );
    r.start();
    const tokens = r.registeredTokens();
    for (const token of [...tokens].reverse()) {
      const x =
        r.commandsOf('CallResource').find((c) => c.scheduleEventId === token.scheduleEventId)?.input.x ??
        null;
      r.send({
        type: 'Report',
        scheduleEventId: token.scheduleEventId,
        tokenHash: token.hash,
        report: { kind: 'succeeded', output: { x } },
      });
    }
    assert.deepEqual(r.state.output, { locals: [{ x: 0 }, { x: 1 }, { x: 2 }] });
    assert.deepEqual(
      r.history.filter((e) => e.type === 'IterationExited').map((e) => e.detail.index),
      [2, 1, 0],
    );
  });

  it('runs at most 100 iterations at once, starting the next as soon as one ends', () => {
    const xs = Array.from({ length: 250 }, (_, i) => i);
    const r = run(flow([foreach([callback('cb')])]), { xs }, { worker: echo });
    r.start();
    assert.equal(r.registeredTokens().length, 100);
    assert.equal(r.history.filter((e) => e.type === 'IterationEntered').length, 100);
    const first = r.registeredTokens()[0];
    assert.ok(first);
    r.send({
      type: 'Report',
      scheduleEventId: first.scheduleEventId,
      tokenHash: first.hash,
      report: { kind: 'succeeded', output: {} },
    });
    assert.equal(r.registeredTokens().length, 101);
    for (let done = 1; done < 250; done++) {
      const open = r.registeredTokens()[done];
      assert.ok(open);
      r.send({
        type: 'Report',
        scheduleEventId: open.scheduleEventId,
        tokenHash: open.hash,
        report: { kind: 'succeeded', output: { n: done } },
      });
      assert.ok(r.registeredTokens().length - (done + 1) <= 100);
    }
    assert.equal(r.state.status, 'Succeeded');
    assert.equal((r.state.output?.locals as Json[]).length, 250);
    assertWellFormedHistory(r.history);
  });

  it('succeeds with an empty local for an empty collection', () => {
    const r = run(flow([foreach([pass('p')])]), { xs: [] });
    r.start();
    assert.deepEqual([r.state.status, r.state.output], ['Succeeded', { locals: [] }]);
  });

  for (const [label, input] of [
    ['not an array', { xs: { a: 1 } }],
    ['missing', {}],
    ['a string', { xs: 'abc' }],
  ] as [string, JsonObject][]) {
    it(`fails with FnF.InvalidInput when the collection is ${label}`, () => {
      const r = run(flow([foreach([pass('p')])]), input);
      r.start();
      assert.equal(eventOf(r.history, 'StepFailed', 'each').detail.error, 'FnF.InvalidInput');
      assert.equal(r.state.error, 'FnF.InvalidInput');
    });
  }

  it('fails with FnF.InvalidInput for more than 10,000 items, and accepts 10,000', () => {
    const over = run(flow([foreach([pass('p')])]), { xs: Array.from({ length: 10_001 }, () => 0) });
    over.start();
    assert.equal(over.state.error, 'FnF.InvalidInput');
    const limit = run(flow([foreach([callback('cb')])]), { xs: Array.from({ length: 10_000 }, () => 0) });
    limit.start();
    assert.equal(limit.state.status, 'Running');
    assert.equal(limit.registeredTokens().length, 100);
  });

  it('fails when an iteration fails, cancelling the waiting iterations', () => {
    const definition = flow([
      foreach([
        {
          type: 'choice',
          name: 'c',
          choices: [{ condition: '$.x == 1', steps: [task('bad', 'bad')] }],
          default: { steps: [callback('cb')] },
        },
      ]),
    ]);
    const r = run(definition, { xs: [0, 1, 2] }, { bad: thrower('IterationBroke'), worker: echo });
    r.start();
    assert.equal(r.state.error, 'IterationBroke');
    assert.deepEqual(
      r.commandsOf('EndToken').map((c) => [c.tokenHash, c.outcome.kind]),
      [
        ['hash-1', 'cancelled'],
        ['hash-2', 'cancelled'],
      ],
    );
    assert.equal(r.history.filter((e) => e.type === 'IterationExited').length, 0);
  });
});
