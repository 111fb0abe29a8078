/**
 * Backoff for failed work items: a worker handler wrapped so that each record it answers as a batch
 * item failure becomes visible again after a jittered exponential delay by its receive count —
 * seconds, not the queue's 30-minute visibility timeout — while the queue's redrive policy still moves
 * it to the dead-letter queue after `MAX_RECEIVE_COUNT` receives. Receive n waits a random time in
 * [d/2, d], d = min(`maxSeconds`, `baseSeconds` × 2^(n-1)): by default at most 2, 4, 8 and 16 s.
 */
import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import type { ReceivedMessage } from '../adapters/aws/sqs-redelivery.ts';

/** An SQS batch handler with partial batch failures. */
export type SqsBatchHandler = (event: SQSEvent) => Promise<SQSBatchResponse>;

/** The bounds of the backoff. */
export interface RedeliveryBackoff {
  /** The first redelivery's maximal delay. */
  readonly baseSeconds: number;
  /** The cap of every delay. */
  readonly maxSeconds: number;
}

/** The default bounds: 2 s, doubling, at most 5 minutes. */
export const DEFAULT_REDELIVERY_BACKOFF: RedeliveryBackoff = { baseSeconds: 2, maxSeconds: 300 };

/** The delay before a record received `receiveCount` times is delivered again, for a random number in [0, 1). */
export function redeliveryDelaySeconds(
  receiveCount: number,
  random: number,
  backoff: RedeliveryBackoff = DEFAULT_REDELIVERY_BACKOFF,
): number {
  const step = Math.min(backoff.maxSeconds, backoff.baseSeconds * 2 ** (Math.max(1, receiveCount) - 1));
  return Math.max(1, Math.round(step / 2 + (random * step) / 2));
}

/** Options of {@link withRedeliveryBackoff}. */
export interface RedeliveryOptions {
  /** Makes a message visible after some seconds (`sqsRedeliver` on AWS). */
  readonly redeliver: (message: ReceivedMessage, delaySeconds: number) => Promise<void>;
  readonly backoff?: RedeliveryBackoff;
  /** Default `Math.random`. */
  readonly random?: () => number;
  /** Told when a visibility change fails (the message then returns after the queue's timeout). */
  readonly onError?: (error: unknown, record: SQSRecord) => void;
}

/** `handler`, with each failed record made visible again after its backoff. */
export function withRedeliveryBackoff(handler: SqsBatchHandler, options: RedeliveryOptions): SqsBatchHandler {
  const random = options.random ?? Math.random;
  return async (event) => {
    const response = await handler(event);
    const byId = new Map(event.Records.map((record) => [record.messageId, record]));
    await Promise.all(
      response.batchItemFailures.map(async (failure) => {
        const record = byId.get(failure.itemIdentifier);
        if (record === undefined) return;
        const receiveCount = Number(record.attributes.ApproximateReceiveCount) || 1;
        try {
          await options.redeliver(record, redeliveryDelaySeconds(receiveCount, random(), options.backoff));
        } catch (error) {
          options.onError?.(error, record);
        }
      }),
    );
    return response;
  };
}
