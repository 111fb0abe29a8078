/**
 * In-memory `Dispatcher`: a work queue that tests drain. Items are deduplicated by id (as a FIFO
 * queue's deduplication would), and an item whose handling throws is redelivered (as SQS would) up
 * to a few times, then kept as a dead letter.
 */
import type { Dispatcher, WorkItem } from '../../ports/dispatcher.ts';

/** Deliveries of one item before it becomes a dead letter. */
const MAX_DELIVERIES = 3;

/** Carries out one work item. */
export type WorkItemHandler = (item: WorkItem) => Promise<void>;

/** A failed item and its last error. */
export interface DeadLetter {
  item: WorkItem;
  error: unknown;
}

/** An in-memory work queue. */
export class MemoryDispatcher implements Dispatcher {
  /** Items that failed every delivery. */
  readonly deadLetters: DeadLetter[] = [];
  readonly #queue: { item: WorkItem; deliveries: number }[] = [];
  readonly #seen = new Set<string>();
  #handler: WorkItemHandler | undefined;

  /** Sets what carries out the items (the runtime's `handleWorkItem`). */
  attach(handler: WorkItemHandler): void {
    this.#handler = handler;
  }

  async enqueue(item: WorkItem): Promise<void> {
    if (this.#seen.has(item.id)) return;
    this.#seen.add(item.id);
    this.#queue.push({ item: structuredClone(item), deliveries: 0 });
  }

  /** Items waiting. */
  get size(): number {
    return this.#queue.length;
  }

  /** Items waiting (copies, tests). */
  pending(): WorkItem[] {
    return this.#queue.map((entry) => structuredClone(entry.item));
  }

  /** Carries out queued items, including those enqueued meanwhile, until none is left. @returns how many. */
  async drain(): Promise<number> {
    const handler = this.#handler;
    if (handler === undefined) throw new Error('MemoryDispatcher: no handler attached');
    let handled = 0;
    for (let entry = this.#queue.shift(); entry !== undefined; entry = this.#queue.shift()) {
      entry.deliveries += 1;
      try {
        await handler(entry.item);
        handled += 1;
      } catch (error) {
        if (entry.deliveries < MAX_DELIVERIES) this.#queue.push(entry);
        else this.deadLetters.push({ item: entry.item, error });
      }
    }
    return handled;
  }
}
