/**
 * The engine's SQS queues: `work` (work items) and `timers` (delayed `TimerFired` items), each with a
 * dead-letter queue, plus `streamFailures`, where the tokens stream's event source records batches it
 * gave up on. All encrypted (SSE-SQS) and refusing requests that do not use TLS.
 */
import { Duration } from 'aws-cdk-lib';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { acknowledge, NAG_ACKNOWLEDGEMENTS } from './nag-acknowledgements.ts';

/** Receives before a message moves to its dead-letter queue. */
export const MAX_RECEIVE_COUNT = 5;

/** Props of {@link EngineQueues}. */
export interface EngineQueuesProps {
  /** The worker's timeout: the queues' visibility timeout is six times it (Lambda's advice). */
  readonly workerTimeout: Duration;
}

/** Where messages that keep failing go: kept 14 days, the most SQS allows. */
function deadLetterQueue(scope: Construct, id: string): sqs.Queue {
  return new sqs.Queue(scope, id, {
    encryption: sqs.QueueEncryption.SQS_MANAGED,
    enforceSSL: true,
    retentionPeriod: Duration.days(14),
  });
}

/** The work and timer queues with their dead-letter queues, and the stream's failure queue. */
export class EngineQueues extends Construct {
  /** Work items (`CallResource`, `FlushOutbox`, …). */
  readonly work: sqs.Queue;
  /** Delayed `TimerFired` items (at most 900 s a hop). */
  readonly timers: sqs.Queue;
  /** Dead letters of `work`. */
  readonly workDeadLetters: sqs.Queue;
  /** Dead letters of `timers`. */
  readonly timerDeadLetters: sqs.Queue;
  /** Batches of the tokens stream that the timeouts function failed on (metadata only). */
  readonly streamFailures: sqs.Queue;

  constructor(scope: Construct, id: string, props: EngineQueuesProps) {
    super(scope, id);
    const visibilityTimeout = Duration.seconds(Math.min(props.workerTimeout.toSeconds() * 6, 43_200));
    this.workDeadLetters = deadLetterQueue(this, 'WorkDeadLetters');
    this.timerDeadLetters = deadLetterQueue(this, 'TimerDeadLetters');
    this.work = new sqs.Queue(this, 'Work', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      visibilityTimeout,
      deadLetterQueue: { queue: this.workDeadLetters, maxReceiveCount: MAX_RECEIVE_COUNT },
    });
    this.timers = new sqs.Queue(this, 'Timers', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      visibilityTimeout,
      deadLetterQueue: { queue: this.timerDeadLetters, maxReceiveCount: MAX_RECEIVE_COUNT },
    });
    this.streamFailures = deadLetterQueue(this, 'StreamFailures');
    acknowledge(this.streamFailures, NAG_ACKNOWLEDGEMENTS.streamFailuresQueue);
  }

  /** Every dead-letter queue, by a short label (alarms and the dashboard). */
  get deadLetterQueues(): Readonly<Record<string, sqs.Queue>> {
    return {
      Work: this.workDeadLetters,
      Timers: this.timerDeadLetters,
      StreamFailures: this.streamFailures,
    };
  }
}
