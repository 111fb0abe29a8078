/** In-memory `QueueSender`: messages kept per queue name, with planned send failures. */
import type { QueueMessage, QueueResource, QueueSender, SendResult } from '../../ports/queue-sender.ts';

/** A message as sent. */
export interface SentMessage extends QueueMessage {
  messageId: string;
}

/** An in-memory queue sender. */
export class MemoryQueueSender implements QueueSender {
  readonly #queues = new Map<string, SentMessage[]>();
  readonly #failures: { code: string; message: string }[] = [];
  #sent = 0;

  /** The next send fails with `code` (the flow sees `MNS.<code>`). */
  failNext(code: string, message = `injected ${code}`): void {
    this.#failures.push({ code, message });
  }

  async send(resource: QueueResource, message: QueueMessage): Promise<SendResult> {
    const failure = this.#failures.shift();
    if (failure !== undefined) return { ok: false, ...failure };
    this.#sent += 1;
    const messageId = `msg-${this.#sent}`;
    const queue = this.#queues.get(resource.queueName) ?? [];
    queue.push({ ...structuredClone(message), messageId });
    this.#queues.set(resource.queueName, queue);
    return { ok: true, messageId };
  }

  /** Messages sent to a queue (copies, tests). */
  messages(queueName: string): SentMessage[] {
    return structuredClone(this.#queues.get(queueName) ?? []);
  }
}
