/** Port: sending a task's message to a queue resource. */
import type { Resource } from '../fdl/types.ts';

/** A queue resource (`acs:mns` queue or SQS ARN). */
export type QueueResource = Extract<Resource, { kind: 'queue' }>;

/** One message: a body and string attributes (`flowback.taskToken`, `flowback.stepName`, …). */
export interface QueueMessage {
  body: string;
  attributes: Record<string, string>;
}

/** The outcome of a send; a failure's `code` becomes the flow error `MNS.<code>`. */
export type SendResult = { ok: true; messageId: string } | { ok: false; code: string; message: string };

/** Sends messages. Throws only for infrastructure faults worth a redelivery. */
export interface QueueSender {
  send(resource: QueueResource, message: QueueMessage): Promise<SendResult>;
}
