/**
 * The local runtime (dynalite + fauxqs) of the call-counting suite: the suite's flows, and `record`
 * and `flaky` as function files that append a line per call; plus a reader of a task queue that
 * counts every message it receives (and deletes it, so that none is counted twice).
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { GetQueueUrlCommand, type Message, SQSClient } from '@aws-sdk/client-sqs';
import { type LocalRuntime, startLocalRuntime } from '../../../lib/local/start-local-runtime.ts';
import { deleteBatch, receiveBatch } from '../../support/sqs-batches.ts';
import { tempDir, writeFlows } from '../local/local-helpers.ts';
import { type CallRecord, FLOWS, functionSource, readJsonLines, type SeenMessage } from './helpers.ts';

/** Where the local runtime keeps its tables. */
export type LocalData = 'memory' | 'data folder';

/** A local runtime whose functions record their calls. */
export interface LocalCalls {
  local: LocalRuntime;
  /** Every call of `record` and `flaky` so far, in order. */
  calls(): CallRecord[];
  stop(): Promise<void>;
}

/** Starts the local runtime on a temp folder (its tables in memory or in a `--data` folder). */
export async function localCalls(data: LocalData): Promise<LocalCalls> {
  const root = await tempDir('calls-once');
  const callsFile = join(root.path, 'calls.jsonl');
  await mkdir(join(root.path, 'flows'));
  await mkdir(join(root.path, 'functions', 'calls'), { recursive: true });
  await writeFlows(join(root.path, 'flows'), FLOWS);
  await writeFile(join(root.path, 'functions', 'calls', 'record.mjs'), functionSource(callsFile, false));
  await writeFile(join(root.path, 'functions', 'calls', 'flaky.mjs'), functionSource(callsFile, true));
  const local = await startLocalRuntime({
    port: 0,
    sqsPort: 0,
    dataDir: join(root.path, 'data'),
    memory: data === 'memory',
    flowsDir: join(root.path, 'flows'),
    functionsDir: join(root.path, 'functions'),
    sweepIntervalMs: 200,
  });
  return {
    local,
    calls: () => readJsonLines(callsFile),
    async stop() {
      await local.stop();
      await root.remove();
    },
  };
}

/** Reads a task queue of the local runtime in the background, keeping every message. */
export interface QueueReader {
  /** Every message received so far. */
  seen: SeenMessage[];
  /** Reads on until the queue answers empty twice in a row, then stops. */
  drainAndStop(): Promise<SeenMessage[]>;
}

/** The message as the suite counts it. */
function seenOf(message: Message): SeenMessage {
  return {
    token: message.MessageAttributes?.['flowback.taskToken']?.StringValue ?? '',
    callId: message.MessageAttributes?.['flowback.callId']?.StringValue ?? '',
    body: message.Body ?? '',
  };
}

/** Starts reading `queueName` on `sqsUrl`. */
export async function readQueue(sqsUrl: string, queueName: string): Promise<QueueReader> {
  const sqs = new SQSClient({
    endpoint: sqsUrl,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  const { QueueUrl: queueUrl } = await sqs.send(new GetQueueUrlCommand({ QueueName: queueName }));
  const seen: SeenMessage[] = [];
  let stopping = false;
  let emptyInARow = 0;
  const receiveOnce = async (): Promise<void> => {
    const messages = await receiveBatch(sqs, queueUrl);
    emptyInARow = messages.length === 0 ? emptyInARow + 1 : 0;
    seen.push(...messages.map(seenOf));
    await deleteBatch(sqs, queueUrl, messages);
  };
  const loop = (async () => {
    while (!stopping || emptyInARow < 2) await receiveOnce();
  })();
  return {
    seen,
    async drainAndStop() {
      stopping = true;
      emptyInARow = 0;
      await loop;
      sqs.destroy();
      return seen;
    },
  };
}
