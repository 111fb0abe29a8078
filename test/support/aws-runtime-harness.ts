/**
 * A runtime built by `createAwsRuntime` over dynalite and fauxqs (./aws-local.ts), with the worker
 * Lambda's handler fed by real SQS pollers (as Lambda's event source mapping would), for integration
 * tests of duplicates, redeliveries and crashes. Ports can be decorated (a duplicating dispatcher, a
 * fault-injecting store); the history is read from the table itself and checked gap-free.
 */
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { type AwsRuntime, createAwsRuntime, SqsDispatcher } from '../../lib/adapters/aws/index.ts';
import { type FunctionHandler, MemoryInvoker } from '../../lib/adapters/memory/index.ts';
import type { ExecutionKey, HistoryEvent } from '../../lib/engine/types.ts';
import { createWorkerHandler } from '../../lib/handlers/worker-handler.ts';
import { startSqsPoller } from '../../lib/local/sqs-poller.ts';
import type { Dispatcher } from '../../lib/ports/dispatcher.ts';
import { createOperations, type ExecutionView, type Operations } from '../../lib/runtime/operations/index.ts';
import type { RuntimeDeps } from '../../lib/runtime/runtime.ts';
import { Runtime } from '../../lib/runtime/runtime.ts';
import { fixtureFunctions } from '../fixtures/functions.ts';
import type { AwsLocal } from './aws-local.ts';
import { assertWellFormedHistory } from './engine-flows.ts';

/** A Lambda-style SQS batch handler. */
export type BatchHandler = (event: SQSEvent) => Promise<SQSBatchResponse>;

/** How to build the runtime under test. */
export interface HarnessOptions {
  /** Decorates the work dispatcher (default: the SQS one as is). */
  dispatcher?: (inner: Dispatcher) => Dispatcher;
  /** Replaces ports of the runtime `createAwsRuntime` built (e.g. a faulty store, duplicating timers). */
  decorate?: (deps: RuntimeDeps, aws: AwsRuntime) => Partial<RuntimeDeps>;
  /** Decorates the worker handler of each queue (e.g. a batch that fails once). */
  worker?: (inner: BatchHandler, queue: 'work' | 'timers') => BatchHandler;
  /** Seconds before an unacknowledged message comes back (default 1). */
  visibilityTimeoutSeconds?: number;
  /** Start no pollers (the test feeds the worker itself). */
  noPollers?: boolean;
  /** More functions (`service/function` → handler). */
  functions?: Record<string, FunctionHandler>;
}

/** A running harness. */
export interface Harness {
  aws: AwsRuntime;
  runtime: Runtime;
  operations: Operations;
  invoker: MemoryInvoker;
  queues: { work: string; timers: string };
  /** Stops the pollers (the AWS-local servers stay up). */
  stop(): Promise<void>;
}

let counter = 0;

/** Builds the runtime on `local` with fresh queues, the fixture functions plus `svc/echo` and `functions`. */
export async function startHarness(local: AwsLocal, options: HarnessOptions = {}): Promise<Harness> {
  counter += 1;
  const id = counter;
  const attributes = { VisibilityTimeout: String(options.visibilityTimeoutSeconds ?? 1) };
  const queues = {
    work: await local.createQueue(`work-${id}`, attributes),
    timers: await local.createQueue(`timers-${id}`, attributes),
  };
  const invoker = new MemoryInvoker({
    ...fixtureFunctions(),
    'svc/echo': (event) => event,
    ...options.functions,
  });
  const sqsDispatcher = new SqsDispatcher(local.sqs, queues.work);
  const aws = createAwsRuntime({
    dynamo: local.dynamo,
    sqs: local.sqs,
    tables: local.tables,
    queues,
    invoker,
    dispatcher: options.dispatcher?.(sqsDispatcher) ?? sqsDispatcher,
  });
  const runtime =
    options.decorate === undefined
      ? aws.runtime
      : new Runtime({ ...aws.runtime.deps, ...options.decorate(aws.runtime.deps, aws) });
  const operations = runtime === aws.runtime ? aws.operations : createOperations(runtime);
  const pollers = options.noPollers
    ? []
    : (['work', 'timers'] as const).map((queue) => {
        const worker = createWorkerHandler(
          () => runtime,
          () => {},
        );
        return startSqsPoller({
          sqs: local.sqs,
          queueUrl: queues[queue],
          queueArn: `arn:aws:sqs:us-east-1:000000000000:${queue}-${id}`,
          handler: options.worker?.(worker, queue) ?? worker,
          concurrency: 2,
          onError: () => {},
        });
      });
  return {
    aws,
    runtime,
    operations,
    invoker,
    queues,
    stop: async () => {
      await Promise.all(pollers.map((poller) => poller.stop()));
    },
  };
}

/** Waits (long polls of DescribeExecution) until the execution has ended; fails after `timeoutMs`. */
export async function waitForEnd(
  operations: Operations,
  key: ExecutionKey,
  timeoutMs = 20_000,
): Promise<ExecutionView> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const execution = await operations.describeExecution({ ...key, waitTimeSeconds: 1 });
    if (execution.status !== 'Running') return execution;
    if (Date.now() > deadline) {
      throw new Error(`${key.flowName}/${key.executionName} still running after ${timeoutMs} ms`);
    }
  }
}

/** The history as stored in the executions table (outbox not included). */
export async function storedHistory(harness: Harness, key: ExecutionKey): Promise<HistoryEvent[]> {
  // Committed history: the pages, and what rides in the state item (recent events, pending outboxes).
  const { executions } = harness.aws.stores;
  const record = await executions.load(key);
  const pages = await executions.readHistory(key, 0, 10_000);
  const byId = new Map<number, HistoryEvent>();
  const kept = [...(record?.recentHistory ?? [])];
  for (const pending of record?.outboxes ?? []) {
    kept.push(...((await executions.readOutbox(key, pending))?.events ?? []));
  }
  for (const event of [...pages, ...kept]) if (!byId.has(event.eventId)) byId.set(event.eventId, event);
  return [...byId.values()].sort((a, b) => a.eventId - b.eventId);
}

/**
 * Waits for the end, then checks the stored history is well formed (ids 1..n, `ExecutionStarted`
 * first, one terminal event last, every step closed) and that no task attempt ended twice.
 */
export async function endedWellFormed(
  harness: Harness,
  key: ExecutionKey,
): Promise<{ execution: ExecutionView; events: HistoryEvent[] }> {
  const execution = await waitForEnd(harness.operations, key);
  // The outbox (the final events among them) is written right after the commit that ended it.
  let events = await storedHistory(harness, key);
  for (let tries = 0; tries < 100 && !isEnded(events); tries++) {
    await new Promise((resolve) => setTimeout(resolve, 20));
    events = await storedHistory(harness, key);
  }
  assertWellFormedHistory(events);
  assertTasksEndOnce(events);
  return { execution, events };
}

/** True when the last event is a terminal one. */
function isEnded(events: HistoryEvent[]): boolean {
  return /^Execution(Succeeded|Failed|TimedOut|Stopped)$/.test(events.at(-1)?.type ?? '');
}

/** Asserts that no task attempt (`TaskScheduled`) has more than one outcome, nor two submissions. */
export function assertTasksEndOnce(events: HistoryEvent[]): void {
  for (const scheduled of events.filter((event) => event.type === 'TaskScheduled')) {
    const of = (pattern: RegExp): number =>
      events.filter((event) => event.scheduleEventId === scheduled.eventId && pattern.test(event.type))
        .length;
    if (of(/^Task(Succeeded|Failed|TimedOut)$/) > 1 || of(/^TaskSubmit/) > 1) {
      throw new Error(`task attempt ${scheduled.eventId} (${scheduled.stepName}) has duplicate events`);
    }
  }
}

/** Counts the events of each type. */
export function countTypes(events: HistoryEvent[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const event of events) counts[event.type] = (counts[event.type] ?? 0) + 1;
  return counts;
}
