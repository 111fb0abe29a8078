/**
 * `flowback worker`'s loop: long-polls a task queue and, per message, runs the command with the body on
 * stdin (api.md "CLI"), keeps the message invisible and the task alive while it runs, reports the result
 * for the message's `flowback.taskToken`, and deletes the message only once the report is accepted (or
 * can never be). A message without a token is run and deleted. A message whose report could not be
 * sent stays in the queue and is delivered again after its visibility timeout, as is the message of a
 * worker that died; a repeated report of the same result gets the original answer, another one
 * `TaskAlreadyCompleted`, so the task completes once.
 */
import {
  DeleteMessageCommand,
  type Message,
  ReceiveMessageCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import type { FlowbackClient } from '../client/index.ts';
import { MessageAttributes } from '../runtime/call-resource.ts';
import { keepAlive } from './keep-alive.ts';
import { runCommand } from './run-command.ts';
import { sendReport } from './send-report.ts';
import { taskOutcome } from './task-outcome.ts';

/** Options of `startQueueWorker`. */
export interface QueueWorkerOptions {
  sqs: SQSClient;
  queueUrl: string;
  /** The Flowback REST client the reports go through. */
  client: FlowbackClient;
  /** The command and its arguments (run without a shell). */
  command: readonly string[];
  /** Seconds a received message stays invisible, renewed while its command runs (default 30). */
  visibilityTimeoutSeconds?: number;
  /** Long-poll wait of each receive, 0–20 s (default 20). */
  waitTimeSeconds?: number;
  /** Messages handled at once (default 1). */
  concurrency?: number;
  /** Progress and problems, one line each. */
  log?: (line: string) => void;
  /** The commands' stderr (default: into `log`, line by line). */
  onStderr?: (text: string) => void;
}

/** A running worker. */
export interface QueueWorker {
  /** Stops receiving, lets the commands running finish and report, then resolves. */
  stop(): Promise<void>;
  /** Resolves when the worker has stopped. */
  done: Promise<void>;
}

/** The string value of a message attribute. */
function attribute(message: Message, name: string): string | undefined {
  return message.MessageAttributes?.[name]?.StringValue;
}

/** The environment a command gets: what the message says about its task. */
function commandEnv(message: Message): Record<string, string> {
  const env: Record<string, string> = { FLOWBACK_MESSAGE_ID: message.MessageId ?? '' };
  const names: [string, string][] = [
    ['FLOWBACK_TASK_TOKEN', MessageAttributes.taskToken],
    ['FLOWBACK_FLOW_NAME', MessageAttributes.flowName],
    ['FLOWBACK_EXECUTION_NAME', MessageAttributes.executionName],
    ['FLOWBACK_STEP_NAME', MessageAttributes.stepName],
    ['FLOWBACK_HEARTBEAT_SECONDS', MessageAttributes.heartbeatSeconds],
    ['FLOWBACK_CALL_ID', MessageAttributes.callId],
  ];
  for (const [variable, name] of names) {
    const value = attribute(message, name);
    if (value !== undefined) env[variable] = value;
  }
  const received = message.Attributes?.ApproximateReceiveCount;
  if (received !== undefined) env.FLOWBACK_RECEIVE_COUNT = received;
  return env;
}

/** Starts `concurrency` polling loops. */
export function startQueueWorker(options: QueueWorkerOptions): QueueWorker {
  const log = options.log ?? (() => {});
  const onStderr = options.onStderr ?? ((text: string) => log(text.replace(/\n$/, '')));
  const visibility = options.visibilityTimeoutSeconds ?? 30;
  const abort = new AbortController();
  let stopping = false;

  const handle = async (message: Message): Promise<void> => {
    const id = message.MessageId ?? '?';
    const token = attribute(message, MessageAttributes.taskToken);
    const heartbeat = Number(attribute(message, MessageAttributes.heartbeatSeconds) ?? Number.NaN);
    const step = [MessageAttributes.flowName, MessageAttributes.executionName, MessageAttributes.stepName]
      .map((name) => attribute(message, name) ?? '?')
      .join('/');
    log(`message ${id} (${step}): running`);
    const running = runCommand(options.command, message.Body ?? '', { env: commandEnv(message), onStderr });
    let taskOver: string | undefined;
    const stopKeepAlive = keepAlive({
      sqs: options.sqs,
      queueUrl: options.queueUrl,
      receiptHandle: message.ReceiptHandle ?? '',
      visibilityTimeoutSeconds: visibility,
      client: options.client,
      ...(token !== undefined ? { taskToken: token } : {}),
      ...(Number.isFinite(heartbeat) ? { heartbeatSeconds: heartbeat } : {}),
      onTaskOver: (code) => {
        taskOver = code;
        log(`message ${id}: the task is over (${code}); stopping the command`);
        running.kill();
      },
      log: (line) => log(`message ${id}: ${line}`),
    });
    try {
      const result = await running.result;
      const outcome = taskOutcome(result);
      log(
        `message ${id}: command ended (${result.signal ?? `exit ${result.exitCode}`}) → ${outcome.kind === 'succeeded' ? 'succeeded' : `failed ${outcome.error}`}`,
      );
      if (token !== undefined && taskOver === undefined) {
        const fate = await sendReport(options.client, token, outcome, {
          log: (line) => log(`message ${id}: ${line}`),
        });
        if (fate === 'retry') return;
      }
      await options.sqs.send(
        new DeleteMessageCommand({ QueueUrl: options.queueUrl, ReceiptHandle: message.ReceiptHandle }),
      );
      log(`message ${id}: done`);
    } finally {
      stopKeepAlive();
    }
  };

  const loop = async (): Promise<void> => {
    while (!stopping) {
      let messages: Message[];
      try {
        const received = await options.sqs.send(
          new ReceiveMessageCommand({
            QueueUrl: options.queueUrl,
            MaxNumberOfMessages: 1,
            WaitTimeSeconds: options.waitTimeSeconds ?? 20,
            VisibilityTimeout: visibility,
            MessageAttributeNames: ['All'],
            MessageSystemAttributeNames: ['ApproximateReceiveCount'],
          }),
          { abortSignal: abort.signal },
        );
        messages = received.Messages ?? [];
      } catch (error) {
        if (stopping) return;
        log(`receive failed: ${(error as Error).message}; retrying in 1 s`);
        await new Promise((resolve) => setTimeout(resolve, 1000));
        continue;
      }
      for (const message of messages) {
        try {
          await handle(message);
        } catch (error) {
          log(`message ${message.MessageId}: ${(error as Error).message}`);
        }
      }
    }
  };

  const done = Promise.all(Array.from({ length: Math.max(1, options.concurrency ?? 1) }, loop)).then(
    () => {},
  );
  return {
    done,
    stop: () => {
      stopping = true;
      abort.abort();
      return done;
    },
  };
}
