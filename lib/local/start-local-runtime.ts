/**
 * The embedded default (`flowback serve`): dynalite and fauxqs in this process, the AWS adapters over
 * them (`createAwsRuntime`, as the Lambdas use), the api Lambda's handler behind `node:http`, pollers
 * feeding the worker Lambda's handler, the sweeper, local functions and flows from folders.
 */

import { join } from 'node:path';
import { createAwsRuntime, ensureTables, SqsDispatcher, type TableNames } from '../adapters/aws/index.ts';
import { meteredWithin, type RequestMeter } from '../adapters/aws/request-meter.ts';
import { localConsole } from '../console/console-assets.ts';
import { createApiHandler } from '../handlers/api-handler.ts';
import { createWorkerHandler } from '../handlers/worker-handler.ts';
import { LinkSigner } from '../runtime/approval-links.ts';
import { createOperations } from '../runtime/operations/index.ts';
import type { Runtime } from '../runtime/runtime.ts';
import { startApiServer } from './api-server.ts';
import { acquireDataLock } from './data-lock.ts';
import { startDynalite } from './dynalite-server.ts';
import { withFlowQueues } from './flow-queue-operations.ts';
import { queueNamesOf } from './flow-queues.ts';
import { type FolderFlow, readFlowFolder, storeFolderFlows } from './flows-folder.ts';
import { LocalRuntimeStoppingError } from './functions/call-results.ts';
import { IncrementalSweep } from './incremental-sweep.ts';
import { repairExecutionIndex } from './index-repair.ts';
import { localLinkSecret } from './link-secret.ts';
import { createLocalClients, localQueueArn } from './local-clients.ts';
import { LocalFunctionInvoker } from './local-function-invoker.ts';
import { createQueue, createRuntimeQueues, RUNTIME_QUEUE_NAMES } from './local-queues.ts';
import type { Activity } from './logs/activity.ts';
import { createLocalLogs } from './logs/local-logs.ts';
import { METER_ORIGINS, meterApiHandler, meterBatchHandler, meterClients, meterInvoker } from './metering.ts';
import { type SqsBatchHandler, startSqsPoller } from './sqs-poller.ts';
import { startSqsServer } from './sqs-server.ts';
import { redriveLiveTimers } from './startup-recovery.ts';
import { DEFAULT_SWEEP_INTERVAL_MS, startSweeper } from './sweeper.ts';
import { ensureWorkJournal, forgetWork, JournaledDispatcher, journaledWork } from './work-journal.ts';

/** Table names in the embedded DynamoDB. */
export const LOCAL_TABLES: TableNames = {
  executions: 'flowback-executions',
  tokens: 'flowback-tokens',
  flows: 'flowback-flows',
};

/** Batches handled at once per queue (Lambda's concurrent invocations). */
const POLLER_CONCURRENCY = { work: 4, timers: 2 } as const;

/** Options of `startLocalRuntime` (the CLI fills in the defaults of `LOCAL_DEFAULTS`, ./defaults.ts). */
export interface LocalRuntimeOptions {
  /** API port on 127.0.0.1 (0 = a free port). */
  port: number;
  /** Embedded SQS port on 127.0.0.1 (0 = a free port). */
  sqsPort: number;
  /** Where the tables live; ignored with `memory`. */
  dataDir: string;
  /** Nothing on disk. */
  memory?: boolean;
  /** Folder of flow files; none loaded when absent. */
  flowsDir?: string;
  /** Folder of local functions. */
  functionsDir: string;
  /** Access keys of the Alibaba RPC API; none: unsigned RPC requests are accepted. */
  accessKeys?: { id: string; secret: string }[];
  /** Pause between two sweeps, in ms. */
  sweepIntervalMs?: number;
  /** Where progress and problems are told (one line each; default: nowhere). */
  log?: (line: string) => void;
  /** Counts what AWS would bill for the work done (benchmarks); nothing is counted without it. */
  meter?: RequestMeter;
  /** How long a local function call may run, in seconds (never past its task's deadline). @default 3 */
  functionTimeoutSeconds?: number;
  /** Heap limit of each local function's worker thread, in MB. @default 256 */
  functionMemoryMb?: number;
  /**
   * `thread`: each function call in a worker thread of its module. `inline`: in this event loop, with
   * no limits and no captured output (benchmarks whose functions share state with them). @default 'thread'
   */
  functionIsolation?: 'thread' | 'inline';
  /** Told every history event recorded and every line a function logged (the server prints them). */
  activity?: (activity: Activity) => void;
  /** The base URL of approval links (`$context.task.approveUrl`). @default the API's URL */
  publicUrl?: string;
}

/** A running local runtime. */
export interface LocalRuntime {
  /** `http://127.0.0.1:PORT`. */
  apiUrl: string;
  /** `http://127.0.0.1:SQSPORT`. */
  sqsUrl: string;
  /** The embedded DynamoDB endpoint (tools and benchmarks read the tables directly). */
  dynamoUrl: string;
  /** The loop (tests inspect it). */
  runtime: Runtime;
  /** The line to print when ready: `flowback ready api=… sqs=…`. */
  readyLine: string;
  /** Stops everything (idempotent); the on-disk state stays. */
  stop(): Promise<void>;
}

/** Starts the local runtime; on failure, whatever was started is stopped again. */
export async function startLocalRuntime(options: LocalRuntimeOptions): Promise<LocalRuntime> {
  const log = options.log ?? (() => {});
  // Checked first, so that a bad flow file stops the start-up before anything is touched.
  const flows: FolderFlow[] = options.flowsDir === undefined ? [] : await readFlowFolder(options.flowsDir);
  const cleanups: (() => Promise<void> | void)[] = [];
  const stopAll = async (): Promise<void> => {
    for (const cleanup of cleanups.splice(0).reverse()) {
      try {
        await cleanup();
      } catch (error) {
        log(`stop: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  };
  try {
    if (!options.memory) {
      // Before dynalite opens the folder: a second server is refused with the holder's pid.
      const lock = await acquireDataLock(options.dataDir);
      cleanups.push(() => lock.release());
    }
    const dynamodb = await startDynalite(options.memory ? undefined : join(options.dataDir, 'dynamodb'));
    cleanups.push(() => dynamodb.close());
    const sqsServer = await startSqsServer(options.sqsPort);
    cleanups.push(() => sqsServer.close());
    const clients = createLocalClients(dynamodb.endpoint, sqsServer.endpoint);
    cleanups.push(() => clients.destroy());
    const meter = options.meter;
    meterClients(clients, meter);

    await ensureTables(clients.dynamo, LOCAL_TABLES);
    await ensureWorkJournal(clients.dynamo);
    // A previous run killed mid-write may have left index entries of writes that never happened.
    const stale = options.memory ? 0 : await repairExecutionIndex(clients.dynamo, LOCAL_TABLES.executions);
    if (stale > 0) log(`repaired ${stale} stale entries of the executions index`);
    const queues = await createRuntimeQueues(clients.sqs);
    const workQueue = new SqsDispatcher(clients.sqs, queues.work);
    for (const name of queueNamesOf(flows.map((flow) => flow.definition)))
      await createQueue(clients.sqs, name);
    const logs = createLocalLogs({
      ...(options.memory ? {} : { dataDir: options.dataDir }),
      ...(options.activity !== undefined ? { activity: options.activity } : {}),
      log,
    });
    cleanups.push(() => logs.flush());
    const functions = new LocalFunctionInvoker(options.functionsDir, {
      ...(options.functionTimeoutSeconds !== undefined
        ? { timeoutSeconds: options.functionTimeoutSeconds }
        : {}),
      ...(options.functionMemoryMb !== undefined ? { memoryMb: options.functionMemoryMb } : {}),
      ...(options.functionIsolation !== undefined ? { isolation: options.functionIsolation } : {}),
      onLog: (entry) => logs.onLog(entry),
    });
    // The API's URL is known once it listens; links made before (start-up recovery) name its port.
    let apiUrl = `http://127.0.0.1:${options.port}`;
    const signer = new LinkSigner(
      await localLinkSecret(options.memory ? undefined : options.dataDir),
      () => options.publicUrl ?? apiUrl,
    );
    const composed = createAwsRuntime({
      approvalLinks: signer,
      dynamo: clients.dynamo,
      sqs: clients.sqs,
      tables: LOCAL_TABLES,
      queues: { work: queues.work, timers: queues.timers },
      dispatcher: new JournaledDispatcher(clients.dynamo, workQueue),
      invoker: meterInvoker(functions, meter),
      observer: logs.observer,
      // Alone on its data folder: claims of calls older than this start were made by a dead process.
      takeOverCallsBefore: Date.now(),
    });
    const { runtime, stores } = composed;
    const operations = withFlowQueues(createOperations(runtime, { logs: logs.store }), (name) =>
      createQueue(clients.sqs, name),
    );
    const stored = await storeFolderFlows(operations, flows);
    if (flows.length > 0) {
      log(
        `flows: ${stored.created.length} created, ${stored.updated.length} updated, ${stored.unchanged.length} unchanged`,
      );
    }

    const worker = createWorkerHandler(
      () => runtime,
      (error, record) =>
        log(
          error instanceof LocalRuntimeStoppingError
            ? `worker: ${error.message} (with --data it is made again after the restart)`
            : `worker: message ${record.messageId} failed: ${describe(error)}`,
        ),
    );
    const handlers: Record<'work' | 'timers', SqsBatchHandler> = {
      work: async (event) => {
        const answer = await worker(event);
        const failed = new Set(answer.batchItemFailures.map((failure) => failure.itemIdentifier));
        await forgetWork(
          clients.dynamo,
          event.Records.filter((record) => !failed.has(record.messageId)).map((record) => record.body),
        );
        return answer;
      },
      timers: worker,
    };
    for (const name of ['work', 'timers'] as const) {
      const poller = meteredWithin(meter, METER_ORIGINS.poller, () =>
        startSqsPoller({
          sqs: clients.sqs,
          queueUrl: queues[name],
          queueArn: localQueueArn(RUNTIME_QUEUE_NAMES[name]),
          handler: meterBatchHandler(handlers[name], meter, METER_ORIGINS[name]),
          concurrency: POLLER_CONCURRENCY[name],
          onError: log,
        }),
      );
      cleanups.push(() => poller.stop());
    }
    // Before the pollers stop (they wait for the calls in hand): a hanging function cannot hold the stop.
    cleanups.push(() => functions.close());

    // fauxqs lost every message of a previous run: re-drive work, outboxes and timers from the tables.
    const { resent, recovered, redriven } = await meteredWithin(meter, METER_ORIGINS.startup, async () => {
      const resent = await journaledWork(clients.dynamo);
      for (const item of resent) await workQueue.enqueue(item);
      return { resent, recovered: await runtime.recover(), redriven: await redriveLiveTimers(runtime) };
    });
    if (resent.length + recovered.outboxes + recovered.timers + recovered.expiredTokens + redriven > 0) {
      log(
        `recovered: ${resent.length} work items, ${recovered.outboxes} outboxes, ${recovered.timers} due timers, ${recovered.expiredTokens} expired tokens, ${redriven} timers re-sent`,
      );
    }
    for (const failure of recovered.failures) {
      log(
        `recovery: ${failure.executionKey.flowName}/${failure.executionKey.executionName}: ${failure.message}`,
      );
    }

    // Start-up recovery above was complete; from now on the sweeper reads a page of each table at a time.
    const sweep = new IncrementalSweep(clients.dynamo, LOCAL_TABLES, runtime);
    const sweeper = startSweeper(
      () => meteredWithin(meter, METER_ORIGINS.sweeper, () => sweep.sweep()),
      options.sweepIntervalMs ?? DEFAULT_SWEEP_INTERVAL_MS,
      log,
    );
    cleanups.push(() => sweeper.stop());
    const api = await startApiServer(
      meterApiHandler(
        createApiHandler(
          () => operations,
          (error, request) =>
            log(`api: ${request.method} ${request.path} (${request.requestId}): ${describe(error)}`),
          {
            accessKeys: Object.fromEntries((options.accessKeys ?? []).map((key) => [key.id, key.secret])),
            nonces: stores.nonces,
          },
          { signer, clock: runtime.deps.clock },
        ),
        meter,
      ),
      options.port,
      log,
      localConsole(),
    );
    cleanups.push(() => api.close());
    apiUrl = api.url;

    let stopping: Promise<void> | undefined;
    return {
      apiUrl: api.url,
      sqsUrl: sqsServer.endpoint,
      dynamoUrl: dynamodb.endpoint,
      runtime,
      readyLine: `flowback ready api=${api.url} sqs=${sqsServer.endpoint}`,
      stop: () => {
        stopping ??= stopAll();
        return stopping;
      },
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}

/** The text of an error, with its stack when it has one. */
function describe(error: unknown): string {
  return error instanceof Error ? (error.stack ?? error.message) : String(error);
}
