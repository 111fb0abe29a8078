/**
 * `Timers` on SQS: `schedule` writes the timer record (so that a lost message is re-delivered by
 * recovery) and sends a `TimerFired` work item to the timer queue (a standard queue) with
 * `DelaySeconds` up to SQS's 900 s. A longer timer arrives early with its `fireAt`, and the runtime
 * schedules it again for the remainder (one hop per 15 minutes).
 */
import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { ExecutionKey } from '../../engine/types.ts';
import type { Clock } from '../../ports/clock.ts';
import type { WorkItem } from '../../ports/dispatcher.ts';
import type { TimerRecord, Timers } from '../../ports/timers.ts';
import type { DynamoTimerRecords } from './dynamo-timer-records.ts';

/** SQS's longest message delay, in seconds. */
export const MAX_DELAY_SECONDS = 900;

/** The delay of a timer message: the time left, rounded up, within 0..900 s. */
export function delaySeconds(fireAt: number, now: number): number {
  return Math.min(MAX_DELAY_SECONDS, Math.max(0, Math.ceil((fireAt - now) / 1000)));
}

/** The work item a timer message carries. */
export function timerWorkItem(timer: TimerRecord): WorkItem {
  const { flowName, executionName } = timer.executionKey;
  return {
    type: 'TimerFired',
    id: `timer:${flowName}/${executionName}/${timer.timerId}`,
    executionKey: { flowName, executionName },
    timerId: timer.timerId,
    fireAt: timer.fireAt,
  };
}

/** Timers as delayed SQS messages plus DynamoDB records. */
export class SqsTimers implements Timers {
  readonly #sqs: SQSClient;
  readonly #queueUrl: string;
  readonly #records: DynamoTimerRecords;
  readonly #clock: Clock;

  constructor(sqs: SQSClient, queueUrl: string, records: DynamoTimerRecords, clock: Clock) {
    this.#sqs = sqs;
    this.#queueUrl = queueUrl;
    this.#records = records;
    this.#clock = clock;
  }

  async schedule(timer: TimerRecord): Promise<void> {
    await this.#records.schedule(timer);
    await this.#sqs.send(
      new SendMessageCommand({
        QueueUrl: this.#queueUrl,
        MessageBody: JSON.stringify(timerWorkItem(timer)),
        DelaySeconds: delaySeconds(timer.fireAt, this.#clock.now()),
      }),
    );
  }

  delete(executionKey: ExecutionKey, timerId: string): Promise<void> {
    return this.#records.delete(executionKey, timerId);
  }

  listDue(now: number, limit: number, executionKey?: ExecutionKey): Promise<TimerRecord[]> {
    return this.#records.listDue(now, limit, executionKey);
  }
}
