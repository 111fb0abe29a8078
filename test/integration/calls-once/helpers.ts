/**
 * Shared parts of the call-counting suites (invariant 6: every task attempt calls its resource once):
 * the flows, the recording functions (in process and as files for the local runtime), and the checks
 * that compare the calls made with the attempts the history shows.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';

/** The function that records every call. */
export const RECORD_ARN = 'acs:fc:::services/calls/functions/record';
/** The function that records every call and throws `Flaky` on the first two calls of each item. */
export const FLAKY_ARN = 'acs:fc:::services/calls/functions/flaky';
/** The task queue of the callback flow. */
export const QUEUE = 'calls-q';
/** Times `flaky` fails per item before it succeeds. */
export const FLAKY_FAILURES = 2;

/** One call of a recording function, as the function saw it. */
export interface CallRecord {
  /** `context.callId`. */
  callId: string;
  flow: string;
  execution: string;
  step: string;
  item: unknown;
  /** `$context.task.callId` as mapped into the task input (the same id, seen by the flow). */
  eventCallId: unknown;
}

/** A history event, as the operations and the REST API both show it. */
export interface AnyEvent {
  eventId: number;
  type: string;
  detail: Record<string, unknown>;
}

const withCallId = { target: 'callId', source: '$context.task.callId' };
const withItem = { target: 'item', source: '$input.item' };

/** A foreach over `$.items` of one task. */
function foreachOf(task: object): object {
  return {
    type: 'foreach',
    name: 'each',
    iterationMapping: { collection: '$.items', item: 'item' },
    steps: [task],
  };
}

/** A flow of `steps` as JSON text (JSON is YAML). */
function flowText(...steps: object[]): string {
  return JSON.stringify({ version: 'v1', type: 'flow', steps });
}

/** Every flow of the suites, by name. */
export const FLOWS: Record<string, string> = {
  calls_foreach: flowText(
    foreachOf({ type: 'task', name: 'job', resourceArn: RECORD_ARN, inputMappings: [withItem, withCallId] }),
  ),
  calls_parallel: flowText({
    type: 'parallel',
    name: 'fan',
    branches: Array.from({ length: 15 }, (_, index) => ({
      steps: [{ type: 'task', name: `b${index}`, resourceArn: RECORD_ARN, inputMappings: [withCallId] }],
    })),
  }),
  calls_retry: flowText(
    foreachOf({
      type: 'task',
      name: 'job',
      resourceArn: FLAKY_ARN,
      inputMappings: [withItem, withCallId],
      retry: [{ errors: ['Flaky'], intervalSeconds: 1, maxAttempts: 3 }],
    }),
  ),
  calls_parent: flowText(
    foreachOf({
      type: 'task',
      name: 'kid',
      resourceArn: 'acs:fnf:::flow/calls_child',
      pattern: 'sync',
      inputMappings: [withItem],
    }),
  ),
  calls_child: flowText({
    type: 'task',
    name: 'job',
    resourceArn: RECORD_ARN,
    inputMappings: [withItem, withCallId],
  }),
  calls_queue: flowText(
    foreachOf({
      type: 'task',
      name: 'job',
      resourceArn: `acs:mns:::/queues/${QUEUE}/messages`,
      pattern: 'waitForCallback',
      inputMappings: [withItem, withCallId, { target: 'taskToken', source: '$context.task.token' }],
    }),
  ),
};

/** `{items: [0, …, n - 1]}`. */
export function itemsInput(n: number): { items: number[] } {
  return { items: Array.from({ length: n }, (_, index) => index) };
}

/** A call record from what a function receives. */
export function recordOf(
  event: Record<string, unknown>,
  context: { callId: string; stepName: string; executionKey: { flowName: string; executionName: string } },
): CallRecord {
  return {
    callId: context.callId,
    flow: context.executionKey.flowName,
    execution: context.executionKey.executionName,
    step: context.stepName,
    item: event.item ?? null,
    eventCallId: event.callId ?? null,
  };
}

/** The source of the local runtime's `record` (or `flaky`) function, appending to `file`. */
export function functionSource(file: string, flaky: boolean): string {
  return `import { appendFileSync, existsSync, readFileSync } from 'node:fs';
const FILE = ${JSON.stringify(file)};
export const handler = (event, context) => {
  const record = {
    callId: context.callId,
    flow: context.executionKey.flowName,
    execution: context.executionKey.executionName,
    step: context.stepName,
    item: event.item ?? null,
    eventCallId: event.callId ?? null,
  };
  const before = !${flaky} || !existsSync(FILE) ? [] : readFileSync(FILE, 'utf8').trim().split('\\n').filter(
    (line) => { const r = line === '' ? {} : JSON.parse(line); return r.execution === record.execution && r.item === record.item; },
  );
  appendFileSync(FILE, JSON.stringify(record) + '\\n');
  if (${flaky} && before.length < ${FLAKY_FAILURES}) {
    const error = new Error('not yet');
    error.name = 'Flaky';
    throw error;
  }
  return { item: record.item };
};
`;
}

/** The records of a file of JSON lines (calls, or a worker command's runs); none if it is absent. */
export function readJsonLines<T = CallRecord>(file: string): T[] {
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as T);
}

/** How often each value occurs. */
export function countsOf(values: readonly string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
  return counts;
}

/** The `TaskScheduled` events of `resourceArn` (a prefix for queues and flows is enough). */
export function scheduled(events: readonly AnyEvent[], resourceArn: string): AnyEvent[] {
  return events.filter(
    (event) => event.type === 'TaskScheduled' && String(event.detail.resourceArn).startsWith(resourceArn),
  );
}

/** The call id an attempt's `TaskScheduled` shows in its mapped input. */
function scheduledCallId(event: AnyEvent): string {
  return String((event.detail.input as Record<string, unknown> | undefined)?.callId);
}

/**
 * Asserts invariant 6 for `calls` of one resource against the attempts of `events`: as many calls as
 * `TaskScheduled` events (and `expected` of them), one call per call id, and the ids those of the
 * attempts (each call saw the id its attempt mapped into its input). The first check compares the
 * counts, so that a failure shows them.
 */
export function assertOncePerAttempt(
  calls: readonly CallRecord[],
  events: readonly AnyEvent[],
  resourceArn: string,
  expected: number,
): void {
  const attempts = scheduled(events, resourceArn);
  const perCallId = countsOf(calls.map((call) => call.callId));
  assert.deepEqual(
    {
      calls: calls.length,
      attempts: attempts.length,
      distinctCallIds: perCallId.size,
      mostCallsOfOneId: Math.max(0, ...perCallId.values()),
    },
    {
      calls: expected,
      attempts: expected,
      distinctCallIds: expected,
      mostCallsOfOneId: expected > 0 ? 1 : 0,
    },
    'one call per task attempt',
  );
  assert.deepEqual([...perCallId.keys()].sort(), attempts.map(scheduledCallId).sort(), 'the attempts’ ids');
  for (const call of calls)
    assert.equal(call.eventCallId, call.callId, 'context.callId = $context.task.callId');
}

/** A task message as a queue reader sees it. */
export interface SeenMessage {
  token: string;
  callId: string;
  body: string;
}

/** Asserts one message per token and per call id, as many as the queue tasks' attempts. */
export function assertOneMessagePerToken(
  messages: readonly SeenMessage[],
  events: readonly AnyEvent[],
  expected: number,
): void {
  const perToken = countsOf(messages.map((message) => message.token));
  const perCallId = countsOf(messages.map((message) => message.callId));
  assert.deepEqual(
    {
      messages: messages.length,
      attempts: scheduled(events, 'acs:mns:').length,
      tokens: perToken.size,
      mostMessagesOfOneToken: Math.max(0, ...perToken.values()),
      distinctCallIds: perCallId.size,
    },
    {
      messages: expected,
      attempts: expected,
      tokens: expected,
      mostMessagesOfOneToken: 1,
      distinctCallIds: expected,
    },
    'one message per task attempt',
  );
}

/** Records per item (`item` → calls), for the retry checks. */
export function callsPerItem(calls: readonly CallRecord[]): Map<string, CallRecord[]> {
  const byItem = new Map<string, CallRecord[]>();
  for (const call of calls) byItem.set(String(call.item), [...(byItem.get(String(call.item)) ?? []), call]);
  return byItem;
}

/** Asserts the retry shape: `items` items, each called `attempts` times with as many distinct ids. */
export function assertRetriedOncePerAttempt(
  calls: readonly CallRecord[],
  items: number,
  attempts: number,
): void {
  const byItem = callsPerItem(calls);
  const shape = [...byItem.values()].map(
    (list) => `${list.length} calls/${new Set(list.map((c) => c.callId)).size} ids`,
  );
  assert.deepEqual(
    { items: byItem.size, shapes: [...countsOf(shape).entries()] },
    { items, shapes: [[`${attempts} calls/${attempts} ids`, items]] },
    'every item: one call per attempt, a new id per attempt',
  );
}
