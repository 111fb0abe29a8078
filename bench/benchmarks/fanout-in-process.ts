/** The in-process fanout run: memory adapters, a real-time clock, reporters reading what was sent. */
import { createMemoryRuntime } from '../../lib/adapters/memory/index.ts';
import { VirtualClock } from '../../lib/adapters/memory/virtual-clock.ts';
import type { ExecutionKey } from '../../lib/engine/types.ts';
import type { QueueMessage, QueueResource, SendResult } from '../../lib/ports/queue-sender.ts';
import {
  codeOf,
  type FanoutRun,
  FLOW_NAME,
  failureOf,
  REPORTERS,
  Tally,
  TOKEN_ATTRIBUTE,
} from '../support/fanout-tally.ts';
import { FANOUT_FLOW } from '../support/flows.ts';
import { sleep } from '../support/stats.ts';

/** A virtual clock that tells the real time (the memory runtime's timestamps and deadlines are real). */
class RealClock extends VirtualClock {
  override now(): number {
    return Date.now();
  }
}

/** A queue of sent messages the in-process reporters take from. */
class SentMessages {
  readonly #messages: { token: string; messageId: string; body: string }[] = [];
  readonly #takers: ((message: { token: string; messageId: string; body: string } | undefined) => void)[] =
    [];
  #closed = false;

  push(message: { token: string; messageId: string; body: string }): void {
    const taker = this.#takers.shift();
    if (taker !== undefined) taker(message);
    else this.#messages.push(message);
  }

  /** The next message, `undefined` once closed. */
  take(): Promise<{ token: string; messageId: string; body: string } | undefined> {
    const message = this.#messages.shift();
    if (message !== undefined || this.#closed) return Promise.resolve(message);
    return new Promise((resolve) => this.#takers.push(resolve));
  }

  close(): void {
    this.#closed = true;
    for (const taker of this.#takers.splice(0)) taker(undefined);
  }
}

/** (a) In process: memory adapters, a real-time clock, work drained as it comes. */
export async function inProcess(items: number, limitMs: number): Promise<FanoutRun> {
  const memory = createMemoryRuntime({ clock: new RealClock() });
  const { operations } = memory;
  await operations.createFlow({ name: FLOW_NAME, definition: FANOUT_FLOW });
  const sent = new SentMessages();
  const send = memory.queues.send.bind(memory.queues);
  memory.queues.send = async (resource: QueueResource, message: QueueMessage): Promise<SendResult> => {
    const result = await send(resource, message);
    const token = message.attributes[TOKEN_ATTRIBUTE];
    if (result.ok && token !== undefined)
      sent.push({ token, messageId: result.messageId, body: message.body });
    return result;
  };
  const key: ExecutionKey = { flowName: FLOW_NAME, executionName: `fanout-${items}` };
  const ended = memory.runtime.waiters.wait(key, limitMs);
  let finished = false;
  void ended.promise.then(() => {
    finished = true;
    sent.close();
  });
  const pump = (async () => {
    while (!finished) {
      await memory.drain();
      await sleep(1);
    }
  })();
  const tally = new Tally(items);
  try {
    await operations.startExecution({
      ...key,
      input: { items: Array.from({ length: items }, (_, index) => index) },
    });
  } catch (error) {
    ended.cancel();
    await pump;
    return { ...tally.run('StartExecution failed', false, performance.now()), failure: failureOf(error) };
  }
  const reporter = async (): Promise<void> => {
    for (let message = await sent.take(); message !== undefined; message = await sent.take()) {
      if (!tally.message(message.token, message.messageId)) continue;
      const { id } = JSON.parse(message.body) as { id: number };
      try {
        await operations.reportTaskSucceeded({ taskToken: message.token, output: { done: id } });
        tally.answered();
      } catch (error) {
        tally.failed(codeOf(error));
      }
    }
  };
  await Promise.all(Array.from({ length: REPORTERS }, reporter));
  await ended.promise;
  const endedAt = performance.now();
  await pump;
  const state = (await memory.stores.executions.load(key))?.state;
  const status = state?.status ?? 'missing';
  return tally.run(status, status !== 'Running', endedAt);
}
