import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { MemoryRuntime } from '../../../lib/adapters/memory/index.ts';
import type { ExecutionKey } from '../../../lib/engine/types.ts';
import { carryOut } from '../../../lib/runtime/commands.ts';
import {
  assertGapFree,
  callbackFlow,
  createFlow,
  history,
  rejectsWith,
  setup,
  start,
  tokens,
} from './runtime-helpers.ts';

/** A child flow that waits `seconds`, then succeeds with `{done: true}`. */
function childFlow(seconds: number): string {
  return `version: v1
type: flow
steps:
  - type: wait
    name: pause
    duration: ${seconds}
  - type: pass
    name: done
    outputMappings:
      - target: done
        source: true
`;
}

/** Refusals the observer was told about. */
type Told = { key: ExecutionKey; code: string }[];

/** A runtime with a parent flow (a callback task, timing out after 5 s) and a child flow (a 10 s wait). */
async function family(): Promise<{ m: MemoryRuntime; told: Told; parentToken: string }> {
  const told: Told = [];
  const m = setup({
    observer: {
      executionStarted: () => {},
      executionFinished: () => {},
      reportApplied: () => {},
      parentReportFailed: (key, refusal) => told.push({ key, code: refusal.code }),
    },
  });
  await createFlow(m, 'parent', callbackFlow({ timeoutSeconds: 5 }));
  await createFlow(m, 'child', childFlow(10));
  await start(m, 'parent', 'p');
  const [parentToken] = await tokens(m, 'parent', 'p');
  assert.ok(parentToken);
  return { m, told, parentToken };
}

/** Starts child `flowName/executionName` on the parent task of `parentToken`, and drains its work. */
async function startChild(
  m: MemoryRuntime,
  flowName: string,
  executionName: string,
  parentToken: string,
): Promise<void> {
  await m.operations.startExecution({ flowName, executionName, callbackTaskToken: parentToken });
  await m.drain();
}

/** Status and error of an execution. */
async function described(m: MemoryRuntime, flowName: string, executionName: string): Promise<unknown[]> {
  const execution = await m.operations.describeExecution({ flowName, executionName });
  return [execution.status, execution.error];
}

describe('StartExecution with a callbackTaskToken', () => {
  it('refuses a token no task has with TaskNotExists, and starts nothing', async () => {
    const { m } = await family();
    await rejectsWith(
      m.operations.startExecution({ flowName: 'child', executionName: 'c', callbackTaskToken: 'bogus' }),
      'TaskNotExists',
    );
    assert.deepEqual((await m.operations.listExecutions({ flowName: 'child' })).executions, []);
  });

  it('refuses the token of a task that has ended: TaskAlreadyCompleted, or TaskTimedOut', async () => {
    const { m, parentToken } = await family();
    await m.operations.reportTaskSucceeded({ taskToken: parentToken, output: { status: 'ok' } });
    await m.drain();
    await rejectsWith(
      m.operations.startExecution({ flowName: 'child', callbackTaskToken: parentToken }),
      'TaskAlreadyCompleted',
    );
    await start(m, 'parent', 'p2');
    const [late] = await tokens(m, 'parent', 'p2');
    await m.clock.advanceBy(5000);
    await rejectsWith(
      m.operations.startExecution({ flowName: 'child', callbackTaskToken: late }),
      'TaskTimedOut',
    );
    assert.deepEqual((await m.operations.listExecutions({ flowName: 'child' })).executions, []);
  });

  it('starts a child on a waiting task, whose end is reported to that task', async () => {
    const { m, parentToken } = await family();
    await createFlow(m, 'quick', childFlow(3));
    await startChild(m, 'quick', 'q', parentToken);
    await m.clock.advanceBy(3000);
    assert.deepEqual(await described(m, 'parent', 'p'), ['Succeeded', undefined]);
    const child = await history(m, 'quick', 'q');
    assert.equal(child.at(-1)?.type, 'ExecutionSucceeded', 'nothing after the end of a child that reported');
  });
});

describe('a child whose report to its parent task is refused', () => {
  it('records ParentReportFailed after its terminal event, and tells the observer', async () => {
    const { m, told, parentToken } = await family();
    await startChild(m, 'child', 'c', parentToken);
    await m.clock.advanceBy(10_000);
    assert.deepEqual(await described(m, 'parent', 'p'), ['Failed', 'FnF.TaskTimeout']);
    assert.deepEqual(await described(m, 'child', 'c'), ['Succeeded', undefined]);
    const events = await history(m, 'child', 'c');
    assertGapFree(events);
    assert.deepEqual(
      events.slice(-2).map((event) => event.type),
      ['ExecutionSucceeded', 'ParentReportFailed'],
    );
    const recorded = events.at(-1);
    assert.equal(recorded?.detail.error, 'TaskTimedOut');
    assert.match(String(recorded?.detail.cause), /timed out/);
    assert.deepEqual(told, [{ key: { flowName: 'child', executionName: 'c' }, code: 'TaskTimedOut' }]);
  });

  it('records it once when the end is carried out again (a crash before its outbox was cleared)', async () => {
    const { m, told, parentToken } = await family();
    await startChild(m, 'child', 'c', parentToken);
    await m.clock.advanceBy(10_000);
    const key = { flowName: 'child', executionName: 'c' };
    const record = await m.stores.executions.load(key);
    assert.ok(record);
    await carryOut(m.runtime, record, { type: 'Finish', status: 'Succeeded', output: { done: true } });
    const events = await history(m, 'child', 'c');
    assert.equal(events.filter((event) => event.type === 'ParentReportFailed').length, 1);
    assert.equal(told.length, 2, 'told each time it is carried out');
  });

  it('records nothing for a child stopped after its parent task had ended', async () => {
    const { m, told, parentToken } = await family();
    await startChild(m, 'child', 'c', parentToken);
    await m.clock.advanceBy(5000);
    await m.operations.stopExecution({ flowName: 'child', executionName: 'c' });
    await m.drain();
    const events = await history(m, 'child', 'c');
    assert.equal(events.at(-1)?.type, 'ExecutionStopped');
    assert.deepEqual(told, []);
  });
});
