import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { advance, createExecutionState } from '../../../lib/engine/index.ts';
import { HISTORY_EVENT_LIMIT } from '../../../lib/engine/limits.ts';
import type { ExecutionState, ParentReportFailedEvent } from '../../../lib/engine/types.ts';
import { definitionOf, testIds } from '../../support/engine-harness.ts';

const NOW = Date.parse('2026-01-01T00:00:00.000Z');

const PASS = definitionOf('version: v1\ntype: flow\nsteps:\n  - type: pass\n    name: p\n');
const WAIT = definitionOf('version: v1\ntype: flow\nsteps:\n  - type: wait\n    name: w\n    duration: 5\n');

const REFUSED: ParentReportFailedEvent = {
  type: 'ParentReportFailed',
  error: 'TaskTimedOut',
  cause: "Task of step 'mytask' has timed out",
};

/** An execution of `definition` after its start (a child of a parent task unless `orphan`). */
function started(definition = PASS, orphan = false): ExecutionState {
  const initial = createExecutionState({
    flowName: 'child',
    executionName: 'c',
    input: {},
    now: NOW,
    ...(orphan ? {} : { parent: { callbackTaskToken: 'parent-token' } }),
  });
  return advance(definition, initial, { type: 'Start' }, NOW, testIds()).state;
}

describe('ParentReportFailed', () => {
  it('is recorded on an ended child after its terminal event, once', () => {
    const ended = started();
    assert.equal(ended.status, 'Succeeded');
    const first = advance(PASS, ended, REFUSED, NOW + 1, testIds());
    assert.deepEqual(
      first.events.map((event) => [event.eventId, event.type, event.stepName, event.detail]),
      [[ended.nextEventId, 'ParentReportFailed', '', { error: REFUSED.error, cause: REFUSED.cause }]],
    );
    assert.deepEqual(first.commands, []);
    assert.deepEqual(first.state.parentReportFailed, { error: REFUSED.error, cause: REFUSED.cause });
    assert.equal(first.state.status, 'Succeeded', 'the status stays');
    const again = advance(PASS, first.state, REFUSED, NOW + 2, testIds());
    assert.deepEqual([again.events, again.state], [[], first.state]);
  });

  it('changes nothing on an execution without a parent, or one still running', () => {
    const orphan = started(PASS, true);
    assert.deepEqual(advance(PASS, orphan, REFUSED, NOW, testIds()).state, orphan);
    const running = started(WAIT);
    assert.equal(running.status, 'Running');
    const result = advance(WAIT, running, REFUSED, NOW, testIds());
    assert.deepEqual([result.events, result.commands, result.state], [[], [], running]);
  });

  it('keeps the terminal event last in a history at its limit (the state still holds the refusal)', () => {
    const full = { ...started(), nextEventId: HISTORY_EVENT_LIMIT + 1 };
    const result = advance(PASS, full, REFUSED, NOW, testIds());
    assert.deepEqual(result.events, []);
    assert.equal(result.state.parentReportFailed?.error, 'TaskTimedOut');
  });
});
