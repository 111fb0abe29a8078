/**
 * While a command runs: the message's visibility is extended (so that no other worker receives it), and,
 * when the task has `flowback.heartbeatSeconds`, ReportTaskHeartbeat is sent every third of it. A
 * heartbeat answered `TaskAlreadyCompleted`/`TaskTimedOut`/`TaskNotExists` means the task is over
 * (cancelled, timed out): `onTaskOver` is called, once.
 */
import { ChangeMessageVisibilityCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { type FlowbackClient, FlowbackError } from '../client/index.ts';
import { FINAL_CODES } from './send-report.ts';

/** What `keepAlive` needs. */
export interface KeepAliveOptions {
  sqs: SQSClient;
  queueUrl: string;
  receiptHandle: string;
  /** The visibility timeout to renew, in seconds (renewed every half of it). */
  visibilityTimeoutSeconds: number;
  client: FlowbackClient;
  /** The task token, for heartbeats. */
  taskToken?: string;
  /** The task's heartbeat timeout, in seconds (no heartbeats without it). */
  heartbeatSeconds?: number;
  onTaskOver(code: string): void;
  log(line: string): void;
}

/** Starts the timers; the returned function stops them. */
export function keepAlive(options: KeepAliveOptions): () => void {
  const timers: NodeJS.Timeout[] = [];
  let over = false;
  const extend = async (): Promise<void> => {
    try {
      await options.sqs.send(
        new ChangeMessageVisibilityCommand({
          QueueUrl: options.queueUrl,
          ReceiptHandle: options.receiptHandle,
          VisibilityTimeout: options.visibilityTimeoutSeconds,
        }),
      );
    } catch (error) {
      options.log(`cannot extend the message's visibility: ${(error as Error).message}`);
    }
  };
  timers.push(setInterval(() => void extend(), (options.visibilityTimeoutSeconds * 1000) / 2));
  const { taskToken, heartbeatSeconds } = options;
  if (taskToken !== undefined && heartbeatSeconds !== undefined && heartbeatSeconds > 0) {
    const beat = async (): Promise<void> => {
      try {
        await options.client.reportTaskHeartbeat({ taskToken });
      } catch (error) {
        if (error instanceof FlowbackError && FINAL_CODES.has(error.code)) {
          if (!over) options.onTaskOver(error.code);
          over = true;
        } else {
          options.log(`heartbeat failed: ${(error as Error).message}`);
        }
      }
    };
    timers.push(setInterval(() => void beat(), (heartbeatSeconds * 1000) / 3));
  }
  return () => {
    for (const timer of timers) clearInterval(timer);
  };
}
