/**
 * What the runtime gives execution logs: GetExecutionLogs over a log store (paged, with the API's
 * errors; refused where no logs are kept, as on AWS), every recorded history event told once to the
 * observer, and the task's deadline handed to the invoker (the local runtime caps calls by it).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEFAULT_START_TIME } from '../../../lib/adapters/memory/index.ts';
import type { ExecutionKey, HistoryEvent } from '../../../lib/engine/types.ts';
import { MemoryLogStore } from '../../../lib/local/logs/memory-log-store.ts';
import type { InvokeContext } from '../../../lib/ports/invoker.ts';
import { isOperationError } from '../../../lib/runtime/errors.ts';
import { createOperations } from '../../../lib/runtime/operations/index.ts';
import { NO_LOG_STORE_MESSAGE } from '../../../lib/runtime/operations/log-operations.ts';
import { history, setup, start } from './runtime-helpers.ts';

/** A flow of one task on `svc/fn`, with extra task fields. */
function taskFlow(fields = ''): string {
  return `version: v1
type: flow
steps:
  - type: task
    name: t
    resourceArn: acs:fc:::services/svc/functions/fn
${fields}`;
}

describe('GetExecutionLogs', () => {
  it('pages through the log store of an execution, oldest first', async () => {
    const m = setup({ functions: { 'svc/fn': () => ({}) } });
    await m.operations.createFlow({ name: 'f', definition: taskFlow() });
    await start(m, 'f', 'e1');
    const logs = new MemoryLogStore();
    const key = { flowName: 'f', executionName: 'e1' };
    await logs.append(
      ['a', 'b', 'c'].map((message, index) => ({
        executionKey: key,
        stepName: 't',
        callId: 'c1-x-3',
        time: DEFAULT_START_TIME + index,
        level: 'INFO' as const,
        message,
      })),
    );
    const operations = createOperations(m.runtime, { logs });
    const first = await operations.getExecutionLogs({ flowName: 'f', executionName: 'e1', limit: 2 });
    assert.deepEqual(first.logs, [
      {
        time: new Date(DEFAULT_START_TIME).toISOString(),
        stepName: 't',
        callId: 'c1-x-3',
        level: 'INFO',
        message: 'a',
      },
      {
        time: new Date(DEFAULT_START_TIME + 1).toISOString(),
        stepName: 't',
        callId: 'c1-x-3',
        level: 'INFO',
        message: 'b',
      },
    ]);
    const second = await operations.getExecutionLogs({ ...key, limit: '2', nextToken: first.nextToken });
    assert.deepEqual([second.logs.map((entry) => entry.message), second.nextToken], [['c'], undefined]);
    await assert.rejects(operations.getExecutionLogs({ flowName: 'f', executionName: 'none' }), (error) =>
      isOperationError(error, 'ExecutionNotExists'),
    );
    await assert.rejects(operations.getExecutionLogs({ ...key, nextToken: 'nope' }), (error) =>
      isOperationError(error, 'InvalidArgument'),
    );
    await assert.rejects(operations.getExecutionLogs({ flowName: '', executionName: 'e1' }), (error) =>
      isOperationError(error, 'InvalidArgument'),
    );
  });

  it('is refused, saying where the logs are, by a runtime that keeps none', async () => {
    const m = setup();
    await assert.rejects(
      m.operations.getExecutionLogs({ flowName: 'f', executionName: 'e1' }),
      (error) => isOperationError(error, 'InvalidArgument') && error.message === NO_LOG_STORE_MESSAGE,
    );
  });
});

describe('the observer of recorded history', () => {
  it('is told every event once, in order, as its commit records it', async () => {
    const told: HistoryEvent[] = [];
    const keys = new Set<string>();
    const m = setup({
      functions: { 'svc/fn': () => ({ ok: true }) },
      observer: {
        executionStarted() {},
        executionFinished() {},
        reportApplied() {},
        historyRecorded(key: ExecutionKey, events) {
          keys.add(`${key.flowName}/${key.executionName}`);
          told.push(...events);
        },
      },
    });
    await m.operations.createFlow({ name: 'f', definition: taskFlow() });
    await start(m, 'f', 'e1');
    assert.deepEqual(told, await history(m, 'f', 'e1'));
    assert.deepEqual([...keys], ['f/e1']);
  });
});

describe('the invoke context', () => {
  it('carries the task attempt’s deadline when the task has a timeout, and none otherwise', async () => {
    const contexts: InvokeContext[] = [];
    const m = setup({
      functions: {
        'svc/fn': (_event, context) => {
          contexts.push(context);
          return {};
        },
      },
    });
    await m.operations.createFlow({ name: 'timed', definition: taskFlow('    timeoutSeconds: 30\n') });
    await m.operations.createFlow({ name: 'untimed', definition: taskFlow() });
    await start(m, 'timed', 'e1');
    await start(m, 'untimed', 'e1');
    assert.deepEqual(
      contexts.map((context) => context.deadline),
      [DEFAULT_START_TIME + 30_000, undefined],
    );
  });
});
