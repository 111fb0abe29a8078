/**
 * `QueueSender` on SQS: a queue resource's name → its URL (GetQueueUrl, cached, or an explicit map),
 * then SendMessage with the body and string message attributes. Refusals become `MNS.<code>` flow
 * errors (`QueueNotExist`, `InvalidArgument`, `AccessDenied` — an IAM refusal, non-retryable, its message
 * naming the missing grant — or the SQS error name); throttling,
 * server errors and network faults throw, so that the work item is redelivered.
 */
import { GetQueueUrlCommand, SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { QueueMessage, QueueResource, QueueSender, SendResult } from '../../ports/queue-sender.ts';
import { queueAccessDeniedCause } from './access-denied.ts';

/** Options of `SqsQueueSender`. */
export interface SqsQueueSenderOptions {
  /** Queue URLs by queue name (looked up with GetQueueUrl when absent). */
  queueUrls?: Record<string, string>;
}

/** MNS-style codes of SQS errors (`MNS.<code>` in flows). */
const CODES_BY_NAME: Readonly<Record<string, string>> = {
  QueueDoesNotExist: 'QueueNotExist',
  'AWS.SimpleQueueService.NonExistentQueue': 'QueueNotExist',
  InvalidParameterValue: 'InvalidArgument',
  InvalidParameterValueException: 'InvalidArgument',
  InvalidMessageContents: 'InvalidArgument',
  InvalidAttributeValue: 'InvalidArgument',
  MissingParameter: 'InvalidArgument',
  UnsupportedOperation: 'InvalidArgument',
  AccessDenied: 'AccessDenied',
  AccessDeniedException: 'AccessDenied',
  KmsAccessDenied: 'AccessDenied',
};

/** The MNS code of a refused request, or `undefined` for a fault worth a retry (throttling, 5xx, network). */
export function mnsCode(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null || !('$metadata' in error)) return undefined;
  const name = error instanceof Error ? error.name : String((error as { name?: unknown }).name);
  const mapped = CODES_BY_NAME[name];
  if (mapped !== undefined) return mapped;
  const status = (error as { $metadata: { httpStatusCode?: number } }).$metadata.httpStatusCode ?? 500;
  const fault = (error as { $fault?: string }).$fault;
  if (status >= 500 || status === 429 || fault === 'server' || /throttl|RequestThrottled/i.test(name)) {
    return undefined;
  }
  return name.replace(/^AWS\.SimpleQueueService\./, '');
}

/** Sends task messages to SQS queues. */
export class SqsQueueSender implements QueueSender {
  readonly #sqs: SQSClient;
  readonly #urls = new Map<string, string>();

  constructor(sqs: SQSClient, options: SqsQueueSenderOptions = {}) {
    this.#sqs = sqs;
    for (const [name, url] of Object.entries(options.queueUrls ?? {})) this.#urls.set(name, url);
  }

  async send(resource: QueueResource, message: QueueMessage): Promise<SendResult> {
    try {
      const sent = await this.#sqs.send(
        new SendMessageCommand({
          QueueUrl: await this.#urlOf(resource),
          MessageBody: message.body,
          MessageAttributes: Object.fromEntries(
            Object.entries(message.attributes).map(([name, value]) => [
              name,
              { DataType: 'String', StringValue: value },
            ]),
          ),
        }),
      );
      return { ok: true, messageId: sent.MessageId ?? '' };
    } catch (error) {
      const code = mnsCode(error);
      if (code === undefined) throw error;
      if (code === 'QueueNotExist') this.#urls.delete(resource.queueName);
      const message =
        code === 'AccessDenied'
          ? queueAccessDeniedCause(resource.queueName, error)
          : error instanceof Error
            ? error.message
            : String(error);
      return { ok: false, code, message };
    }
  }

  /** The URL of a queue (cached after the first lookup). */
  async #urlOf(resource: QueueResource): Promise<string> {
    const known = this.#urls.get(resource.queueName);
    if (known !== undefined) return known;
    const found = await this.#sqs.send(
      new GetQueueUrlCommand({
        QueueName: resource.queueName,
        // The owner of an SQS ARN's queue (an acs:mns account is Alibaba's, never AWS's).
        ...(resource.arn.startsWith('arn:') && resource.account !== undefined && resource.account !== ''
          ? { QueueOwnerAWSAccountId: resource.account }
          : {}),
      }),
    );
    if (found.QueueUrl === undefined) throw new Error(`no URL for queue ${resource.queueName}`);
    this.#urls.set(resource.queueName, found.QueueUrl);
    return found.QueueUrl;
  }
}
