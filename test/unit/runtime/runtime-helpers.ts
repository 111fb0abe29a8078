/** Shared set-up of the runtime tests: a memory runtime with the fixture functions, and flow helpers. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import {
  createMemoryRuntime,
  type MemoryRuntime,
  type MemoryRuntimeOptions,
} from '../../../lib/adapters/memory/index.ts';
import type { HistoryEvent } from '../../../lib/engine/types.ts';
import type { ErrorCode } from '../../../lib/runtime/index.ts';
import { OperationError } from '../../../lib/runtime/index.ts';
import { type FixtureOptions, fixtureFunctions } from '../../fixtures/functions.ts';

export { SEED_FLOW } from '../../support/seed-flow.ts';

/** A foreach over `$.items` of one task (`task`: its YAML lines after `type: task`, indented 8). */
export function foreachFlow(task: string, maxConcurrency?: number): string {
  return `version: v1
type: flow
steps:
  - type: foreach
    name: each
${maxConcurrency !== undefined ? `    maxConcurrency: ${maxConcurrency}\n` : ''}    iterationMapping:
      collection: $.items
      item: item
    steps:
      - type: task
${task}`;
}

/** A waitForCallback task with a timeout (and optionally a heartbeat), calling the echo function. */
export function callbackFlow(options: { timeoutSeconds?: number; heartbeatSeconds?: number } = {}): string {
  const extra = [
    options.timeoutSeconds !== undefined ? `    timeoutSeconds: ${options.timeoutSeconds}` : '',
    options.heartbeatSeconds !== undefined ? `    heartbeatSeconds: ${options.heartbeatSeconds}` : '',
  ].filter((line) => line !== '');
  return `version: v1
type: flow
steps:
  - type: task
    name: mytask
    resourceArn: acs:fc:::services/fnf-demo/functions/echo
    pattern: waitForCallback
${extra.join('\n')}${extra.length > 0 ? '\n' : ''}    inputMappings:
      - target: taskToken
        source: $context.task.token
`;
}

/** An example flow of test/fixtures/examples. */
export function exampleFlow(name: string): string {
  return readFileSync(new URL(`../../fixtures/examples/${name}.yaml`, import.meta.url), 'utf8');
}

/** A memory runtime with the fixture functions (plus `functions`). */
export function setup(options: MemoryRuntimeOptions & { fixtures?: FixtureOptions } = {}): MemoryRuntime {
  const { fixtures, functions, ...rest } = options;
  return createMemoryRuntime({ ...rest, functions: { ...fixtureFunctions(fixtures), ...functions } });
}

/** Creates a flow. */
export async function createFlow(m: MemoryRuntime, name: string, definition: string): Promise<void> {
  await m.operations.createFlow({ name, definition });
}

/** Starts an execution and drains the work it creates. */
export async function start(
  m: MemoryRuntime,
  flowName: string,
  executionName: string,
  input = {},
): Promise<void> {
  await m.operations.startExecution({ flowName, executionName, input });
  await m.drain();
}

/** The full history of an execution. */
export async function history(
  m: MemoryRuntime,
  flowName: string,
  executionName: string,
): Promise<HistoryEvent[]> {
  return (await m.operations.getExecutionHistory({ flowName, executionName, limit: 1000 })).events;
}

/** The task tokens shown on `TaskSubmitted` events, in order. */
export async function tokens(m: MemoryRuntime, flowName: string, executionName: string): Promise<string[]> {
  return (await history(m, flowName, executionName))
    .filter((event) => event.type === 'TaskSubmitted')
    .map((event) => String(event.detail.taskToken));
}

/** Asserts that the history's ids are 1..n without gaps. */
export function assertGapFree(events: HistoryEvent[]): void {
  assert.deepEqual(
    events.map((event) => event.eventId),
    events.map((_, index) => index + 1),
  );
}

/** Asserts that `promise` rejects with an `OperationError` of `code`. */
export async function rejectsWith(promise: Promise<unknown>, code: ErrorCode): Promise<OperationError> {
  let caught: unknown;
  await assert.rejects(promise, (error) => {
    caught = error;
    return true;
  });
  assert.ok(caught instanceof OperationError, `expected an OperationError, got ${String(caught)}`);
  assert.equal(caught.code, code, caught.message);
  return caught;
}
