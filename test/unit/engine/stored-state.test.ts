import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { advance } from '../../../lib/engine/index.ts';
import type { ExecutionState } from '../../../lib/engine/types.ts';
import { definitionOf, testIds } from '../../support/engine-harness.ts';

/**
 * Executions outlive deployments: every stored state layout the engine ever wrote must still load
 * and run. One fixture per schema version, captured from a real run and committed; never edit one.
 */
interface StoredFixture {
  definition: string;
  state: ExecutionState;
  tokenHash: string;
  scheduleEventId: number;
}

function fixture(name: string): StoredFixture {
  return JSON.parse(readFileSync(new URL(`../../fixtures/state/${name}.json`, import.meta.url), 'utf8'));
}

describe('stored state, schema version 1', () => {
  const stored = fixture('v1-parallel-waiting');
  const definition = definitionOf(stored.definition);
  const later = stored.state.startedTime + 1000;

  it('is the layout this engine writes', () => {
    assert.equal(stored.state.schemaVersion, 1);
  });

  it('accepts the waiting callback and finishes once the wait branch fires', () => {
    const ids = testIds();
    const reported = advance(
      definition,
      stored.state,
      {
        type: 'Report',
        scheduleEventId: stored.scheduleEventId,
        tokenHash: stored.tokenHash,
        report: { kind: 'succeeded', output: { status: 'ok' } },
      },
      later,
      ids,
    );
    assert.equal(reported.reply?.accepted, true);
    assert.equal(reported.state.status, 'Running');
    const fired = advance(
      definition,
      reported.state,
      { type: 'TimerFired', timerId: waitTimer(stored.state) },
      later + 60_000,
      ids,
    );
    assert.equal(fired.state.status, 'Succeeded');
    // A parallel step without outputMappings outputs {}, and so does a pass step: the flow local stays empty.
    assert.deepEqual(fired.state.output, {});
    assert.deepEqual(fired.events.at(-1)?.type, 'ExecutionSucceeded');
  });

  it('times the task out by its heartbeat and retries it with a new token', () => {
    const result = advance(
      definition,
      stored.state,
      { type: 'TimerFired', timerId: heartbeatTimer(stored.state) },
      stored.state.startedTime + 600_000,
      testIds(),
    );
    assert.deepEqual(
      result.events.map((e) => e.type),
      ['TaskTimedOut'],
    );
    assert.ok(result.commands.some((c) => c.type === 'ScheduleTimer' && c.timerId.startsWith('retry:')));
  });
});

/** The id of the wait step's timer in the stored state. */
function waitTimer(state: ExecutionState): string {
  const frame = state.root?.step;
  assert.equal(frame?.type, 'parallel');
  const branch = frame.type === 'parallel' ? frame.branches[1] : undefined;
  const wait = branch && 'running' in branch ? branch.running.step : undefined;
  assert.equal(wait?.type, 'wait');
  return wait.type === 'wait' ? wait.timerId : '';
}

/** The id of the callback task's heartbeat timer in the stored state. */
function heartbeatTimer(state: ExecutionState): string {
  const frame = state.root?.step;
  const branch = frame?.type === 'parallel' ? frame.branches[0] : undefined;
  const task = branch && 'running' in branch ? branch.running.step : undefined;
  assert.equal(task?.type, 'task');
  const attempt = task?.type === 'task' ? task.attempt : undefined;
  return `heartbeat:${attempt?.scheduleEventId}:${attempt?.heartbeatDeadline}`;
}
