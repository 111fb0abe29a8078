/**
 * `fanout` (issue 10, point 5): one execution, a foreach over N items whose iteration is one queue
 * callback task (`maxConcurrency: 1000`, so up to 1,000 tasks wait at once), reported by `REPORTERS`
 * concurrent workers that receive the task messages and call ReportTaskSucceeded once each, never
 * retrying. Run (a) in process, on the engine over memory adapters with a real-time clock, work drained
 * continuously, reporters reading what the queue sender sent; (b) on the metered local runtime
 * (dynalite + fauxqs), reporters polling the embedded SQS with the AWS SDK as workers do.
 *
 * Measured per run:
 * - `dispatchMs`: from StartExecution until the first min(N, 1,000) task messages are out (in process:
 *   sent; locally: received by a reporter, which polls continuously);
 * - `wallMs`: from StartExecution until the execution has ended; `reportsPerSecond`: reports / wallMs;
 * - `errors`: non-2xx answers to reports by code (409 `TaskInvalidState`/`ConcurrentUpdateError`
 *   among them) — the aim is none;
 * - `duplicateCalls`: distinct messages per token − 1, summed (a message SQS redelivers keeps its
 *   MessageId and is not counted) — the aim is 0;
 * - `peakWaiting`: most tasks whose message was out and whose report had not been answered yet;
 * - locally, `dynamodb.requestsPerReport` / `writeUnitsPerReport` / `readUnitsPerReport`: everything
 *   AWS would bill on DynamoDB from StartExecution to the end (API and worker, local-only sweeper
 *   and journal excluded, see meter-summary.ts) divided by N — aim ≤ 10 requests at N = 1,000; and
 *   `stateItemKbPeak`: the largest size of the execution's state item seen by a sampler reading it every
 *   `STATE_SAMPLE_MS` through a client outside the meter, counted as DynamoDB does (item-size.ts;
 *   DynamoDB's limit is 400 KB), next to `stateItemKbPeakByItemCodec`, item-codec.ts's `itemSize` of
 *   the same item (what the store's own size check sees).
 *
 * A run longer than its limit is cut off and reported as it stood (`completed: false`, status
 * `Running`); a run that cannot start is reported with its `failure`.
 */

import { DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
import {
  DeleteMessageBatchCommand,
  GetQueueUrlCommand,
  type Message,
  ReceiveMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { executionPk, itemSize, STATE_SK } from '../../lib/adapters/aws/item-codec.ts';
import { createMemoryRuntime } from '../../lib/adapters/memory/index.ts';
import { VirtualClock } from '../../lib/adapters/memory/virtual-clock.ts';
import { FlowbackError } from '../../lib/client/errors.ts';
import type { ExecutionKey } from '../../lib/engine/types.ts';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from '../../lib/local/local-clients.ts';
import { LOCAL_TABLES } from '../../lib/local/start-local-runtime.ts';
import type { QueueMessage, QueueResource, SendResult } from '../../lib/ports/queue-sender.ts';
import { isOperationError } from '../../lib/runtime/errors.ts';
import { FANOUT_FLOW, FANOUT_MAX_CONCURRENCY, FANOUT_QUEUE } from '../support/flows.ts';
import { storedItemSize } from '../support/item-size.ts';
import { startBenchRuntime } from '../support/local-bench.ts';
import { perUnit, summarize } from '../support/meter-summary.ts';
import { round, sleep } from '../support/stats.ts';

/** Concurrent reporters. */
export const REPORTERS = 50;

/** How often the local run reads the state item's size, in ms. */
export const STATE_SAMPLE_MS = 500;

/** The flow's name. */
const FLOW_NAME = 'fanout';

/** The message attribute carrying the task token. */
const TOKEN_ATTRIBUTE = 'flowback.taskToken';

/** One run at one size in one mode. */
export interface FanoutRun {
  items: number;
  /** The execution's status at the end of the run (`Running` if it was cut off). */
  status: string;
  /** False when the run was stopped at its time limit. */
  completed: boolean;
  dispatchMs: number | null;
  wallMs: number;
  reportsPerSecond: number;
  /** Distinct task messages out (one per token when there are no duplicates). */
  messages: number;
  /** Reports answered 2xx. */
  reports: number;
  /** Non-2xx answers by code. */
  errors: Record<string, number>;
  duplicateCalls: number;
  peakWaiting: number;
  dynamodb?: { requestsPerReport: number; writeUnitsPerReport: number; readUnitsPerReport: number };
  stateItemKbPeak?: number;
  /** Why the run did not get going (StartExecution's error). */
  failure?: string;
  /** The same, as item-codec.ts's `itemSize` counts it (nested binaries by their JSON text). */
  stateItemKbPeakByItemCodec?: number;
}

/** The results of this benchmark. */
export interface FanoutResult {
  reporters: number;
  maxConcurrency: number;
  inProcess: FanoutRun[];
  local: FanoutRun[];
}

/** What the reporters saw: messages per token, answers, the waiting peak and the dispatch time. */
class Tally {
  readonly #messages = new Map<string, Set<string>>();
  readonly #firstWave: number;
  readonly began = performance.now();
  readonly errors: Record<string, number> = {};
  reports = 0;
  failures = 0;
  peakWaiting = 0;
  dispatchMs: number | null = null;

  constructor(readonly items: number) {
    this.#firstWave = Math.min(items, FANOUT_MAX_CONCURRENCY);
  }

  /** A message for `token`: true when it is the token's first (the one to report). */
  message(token: string, messageId: string): boolean {
    const ids = this.#messages.get(token);
    if (ids !== undefined) {
      ids.add(messageId);
      return false;
    }
    this.#messages.set(token, new Set([messageId]));
    if (this.dispatchMs === null && this.#messages.size >= this.#firstWave)
      this.dispatchMs = round(performance.now() - this.began);
    this.peakWaiting = Math.max(this.peakWaiting, this.#messages.size - this.reports - this.failures);
    return true;
  }

  answered(): void {
    this.reports += 1;
  }

  failed(code: string): void {
    this.failures += 1;
    this.errors[code] = (this.errors[code] ?? 0) + 1;
  }

  /** Every item has been answered, one way or the other. */
  get done(): boolean {
    return this.reports + this.failures >= this.items;
  }

  get duplicateCalls(): number {
    let duplicates = 0;
    for (const ids of this.#messages.values()) duplicates += ids.size - 1;
    return duplicates;
  }

  /** The run's figures (without the metered ones). */
  run(status: string, completed: boolean, endedAt: number): FanoutRun {
    const wallMs = round(endedAt - this.began);
    return {
      items: this.items,
      status,
      completed,
      dispatchMs: this.dispatchMs,
      wallMs,
      reportsPerSecond: round(this.reports / (wallMs / 1000)),
      messages: this.#messages.size,
      reports: this.reports,
      errors: this.errors,
      duplicateCalls: this.duplicateCalls,
      peakWaiting: this.peakWaiting,
    };
  }
}

/** The error code of a failed report (the API's code, else the error's name). */
function codeOf(error: unknown): string {
  if (error instanceof FlowbackError) return `${error.status} ${error.code}`;
  if (isOperationError(error)) return error.code;
  return error instanceof Error ? error.name : String(error);
}

/** What a failed StartExecution answered, for the results. */
function failureOf(error: unknown): string {
  return `${codeOf(error)}: ${error instanceof Error ? error.message : String(error)}`;
}

/** A virtual clock that tells the real time (the memory runtime's timestamps and deadlines are real). */
class RealClock extends VirtualClock {
  override now(): number {
    return Date.now();
  }
}

/** A queue of sent messages the in-process reporters take from. */
class SentMessages {
  readonly #messages: { token: string; messageId: string; body: string }[] = [];
  readonly #takers: ((message: { token: string; messageId: string; body: string } | undefined) => void)[] =
    [];
  #closed = false;

  push(message: { token: string; messageId: string; body: string }): void {
    const taker = this.#takers.shift();
    if (taker !== undefined) taker(message);
    else this.#messages.push(message);
  }

  /** The next message, `undefined` once closed. */
  take(): Promise<{ token: string; messageId: string; body: string } | undefined> {
    const message = this.#messages.shift();
    if (message !== undefined || this.#closed) return Promise.resolve(message);
    return new Promise((resolve) => this.#takers.push(resolve));
  }

  close(): void {
    this.#closed = true;
    for (const taker of this.#takers.splice(0)) taker(undefined);
  }
}

/** (a) In process: memory adapters, a real-time clock, work drained as it comes. */
async function inProcess(items: number, limitMs: number): Promise<FanoutRun> {
  const memory = createMemoryRuntime({ clock: new RealClock() });
  const { operations } = memory;
  await operations.createFlow({ name: FLOW_NAME, definition: FANOUT_FLOW });
  const sent = new SentMessages();
  const send = memory.queues.send.bind(memory.queues);
  memory.queues.send = async (resource: QueueResource, message: QueueMessage): Promise<SendResult> => {
    const result = await send(resource, message);
    const token = message.attributes[TOKEN_ATTRIBUTE];
    if (result.ok && token !== undefined)
      sent.push({ token, messageId: result.messageId, body: message.body });
    return result;
  };
  const key: ExecutionKey = { flowName: FLOW_NAME, executionName: `fanout-${items}` };
  const ended = memory.runtime.waiters.wait(key, limitMs);
  let finished = false;
  void ended.promise.then(() => {
    finished = true;
    sent.close();
  });
  const pump = (async () => {
    while (!finished) {
      await memory.drain();
      await sleep(1);
    }
  })();
  const tally = new Tally(items);
  try {
    await operations.startExecution({
      ...key,
      input: { items: Array.from({ length: items }, (_, index) => index) },
    });
  } catch (error) {
    ended.cancel();
    await pump;
    return { ...tally.run('StartExecution failed', false, performance.now()), failure: failureOf(error) };
  }
  const reporter = async (): Promise<void> => {
    for (let message = await sent.take(); message !== undefined; message = await sent.take()) {
      if (!tally.message(message.token, message.messageId)) continue;
      const { id } = JSON.parse(message.body) as { id: number };
      try {
        await operations.reportTaskSucceeded({ taskToken: message.token, output: { done: id } });
        tally.answered();
      } catch (error) {
        tally.failed(codeOf(error));
      }
    }
  };
  await Promise.all(Array.from({ length: REPORTERS }, reporter));
  await ended.promise;
  const endedAt = performance.now();
  await pump;
  const state = (await memory.stores.executions.load(key))?.state;
  const status = state?.status ?? 'missing';
  return tally.run(status, status !== 'Running', endedAt);
}

/** (b) The metered local runtime over HTTP, reporters polling fauxqs. */
async function local(items: number, limitMs: number): Promise<FanoutRun> {
  const bench = await startBenchRuntime({ [FLOW_NAME]: FANOUT_FLOW });
  const sqs = new SQSClient({
    region: LOCAL_REGION,
    credentials: LOCAL_CREDENTIALS,
    endpoint: bench.local.sqsUrl,
  });
  const dynamo = new DynamoDBClient({
    region: LOCAL_REGION,
    credentials: LOCAL_CREDENTIALS,
    endpoint: bench.local.dynamoUrl,
  });
  try {
    const { QueueUrl: queueUrl } = await sqs.send(new GetQueueUrlCommand({ QueueName: FANOUT_QUEUE }));
    const key: ExecutionKey = { flowName: FLOW_NAME, executionName: `fanout-${items}` };
    let finished = false;
    let cancel: () => void = () => {};
    const cancelled = new Promise<void>((resolve) => {
      cancel = resolve;
    });
    const ended = Promise.race([bench.ended(key, limitMs), cancelled]).then(() => {
      finished = true;
      return performance.now();
    });
    let stateBytesPeak = 0;
    let codecBytesPeak = 0;
    const sampler = (async () => {
      while (!finished) {
        const read = await dynamo.send(
          new GetItemCommand({
            TableName: LOCAL_TABLES.executions,
            Key: { pk: { S: executionPk(key) }, sk: { S: STATE_SK } },
          }),
        );
        if (read.Item !== undefined) {
          stateBytesPeak = Math.max(stateBytesPeak, storedItemSize(read.Item));
          codecBytesPeak = Math.max(codecBytesPeak, itemSize(unmarshall(read.Item)));
        }
        await Promise.race([sleep(STATE_SAMPLE_MS), ended]);
      }
    })();
    bench.meter.reset();
    const tally = new Tally(items);
    try {
      await bench.client.startExecution({
        ...key,
        input: { items: Array.from({ length: items }, (_, index) => index) },
      });
    } catch (error) {
      cancel();
      await sampler;
      return { ...tally.run('StartExecution failed', false, await ended), failure: failureOf(error) };
    }
    const report = async (message: Message): Promise<void> => {
      const token = message.MessageAttributes?.[TOKEN_ATTRIBUTE]?.StringValue;
      if (token === undefined) throw new Error('fanout: a task message without its token');
      if (!tally.message(token, message.MessageId ?? '')) return;
      const { id } = JSON.parse(message.Body ?? '{}') as { id: number };
      try {
        await bench.client.reportTaskSucceeded({ taskToken: token, output: { done: id } });
        tally.answered();
      } catch (error) {
        tally.failed(codeOf(error));
      }
    };
    const reporter = async (): Promise<void> => {
      while (!finished && !tally.done) {
        const received = await sqs.send(
          new ReceiveMessageCommand({
            QueueUrl: queueUrl,
            MaxNumberOfMessages: 10,
            WaitTimeSeconds: 1,
            MessageAttributeNames: ['All'],
          }),
        );
        const messages = received.Messages ?? [];
        for (const message of messages) await report(message);
        if (messages.length > 0)
          await sqs.send(
            new DeleteMessageBatchCommand({
              QueueUrl: queueUrl,
              Entries: messages.map((message, index) => ({
                Id: String(index),
                ReceiptHandle: message.ReceiptHandle ?? '',
              })),
            }),
          );
      }
    };
    await Promise.all(Array.from({ length: REPORTERS }, reporter));
    const endedAt = await ended;
    await sampler;
    const summary = summarize(bench.meter.counts());
    const per = perUnit(summary.billable, items);
    const described = await bench.client.describeExecution(key);
    return {
      ...tally.run(described.status, described.status !== 'Running', endedAt),
      dynamodb: {
        requestsPerReport: per.dynamodb.requests,
        writeUnitsPerReport: per.dynamodb.writeUnits,
        readUnitsPerReport: per.dynamodb.readUnits,
      },
      stateItemKbPeak: round(stateBytesPeak / 1024),
      stateItemKbPeakByItemCodec: round(codecBytesPeak / 1024),
    };
  } finally {
    sqs.destroy();
    dynamo.destroy();
    await bench.stop();
  }
}

/**
 * Runs each size in process, then locally, smallest first. A run is cut off at `limitMs(N)`, or
 * earlier when the whole benchmark would pass `budgetMs`; a run left no time is not started.
 */
export async function fanout(
  sizes: readonly number[],
  limitMs: (items: number) => number,
  budgetMs: number,
): Promise<FanoutResult> {
  const result: FanoutResult = {
    reporters: REPORTERS,
    maxConcurrency: FANOUT_MAX_CONCURRENCY,
    inProcess: [],
    local: [],
  };
  const deadline = performance.now() + budgetMs;
  const attempt = async (
    mode: string,
    items: number,
    run: (limit: number) => Promise<FanoutRun>,
  ): Promise<FanoutRun> => {
    const limit = Math.min(limitMs(items), deadline - performance.now());
    const failed = (status: string, failure: string): FanoutRun => ({
      ...new Tally(items).run(status, false, 0),
      wallMs: 0,
      failure,
    });
    if (limit < 1000) return failed('skipped', 'Budget: no time left for this run');
    process.stderr.write(`  fanout ${mode}, N=${items} (at most ${round(limit / 1000)} s)…\n`);
    // A run that cannot start (the flow rejected, the runtime down) is recorded, not thrown: the other
    // benchmarks' results are still written.
    return run(limit).catch((error: unknown) => failed('error', failureOf(error)));
  };
  for (const items of sizes) {
    result.inProcess.push(await attempt('in process', items, (limit) => inProcess(items, limit)));
    result.local.push(await attempt('local', items, (limit) => local(items, limit)));
  }
  return result;
}
