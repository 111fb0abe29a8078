/**
 * The memory runtime of the call-counting suite, with recording functions, delivered either as the
 * memory dispatcher does (one item at a time, once) or as SQS with many workers may: every work item
 * delivered twice, both deliveries started before either ends, and all items of a drain at once.
 */
import assert from 'node:assert/strict';
import { createMemoryRuntime, type MemoryRuntime } from '../../../lib/adapters/memory/index.ts';
import type { ExecutionKey, HistoryEvent } from '../../../lib/engine/types.ts';
import type { WorkItem } from '../../../lib/ports/dispatcher.ts';
import type { ExecutionView } from '../../../lib/runtime/operations/views.ts';
import { type CallRecord, FLAKY_FAILURES, FLOWS, recordOf } from './helpers.ts';

/** Deliveries of a work item (each of its copies) before it counts as dead. */
const MAX_DELIVERIES = 5;
/** Clock steps `runToEnd` takes at most (each to the next timer). */
const MAX_CLOCK_STEPS = 1000;

/**
 * How work items are delivered. `storm`: twice concurrently, by a queue that never dedupes (every
 * enqueue is delivered, repeats included), with every committed outbox past its lease at once, so
 * that whoever touches the execution carries out the outboxes of the others: what once re-dispatched
 * every pending call on every commit.
 */
export type Delivery = 'once' | 'twice-concurrently' | 'storm';

/** A memory runtime whose functions record their calls. */
export interface MemoryCalls {
  m: MemoryRuntime;
  /** Every call of `record` and `flaky`, in order. */
  calls: CallRecord[];
  /** Work items that failed every delivery (must stay empty). */
  dead: unknown[];
  /** Work items enqueued (before any deduplication). */
  enqueued(): number;
  /** Carries out all work and the timers due now, until nothing is left. */
  settle(): Promise<void>;
  /** Settles, moving the clock to each next timer, until the execution has ended. */
  runToEnd(key: ExecutionKey): Promise<ExecutionView>;
  /** The whole history. */
  history(key: ExecutionKey): Promise<HistoryEvent[]>;
}

/** A memory runtime with the suite's flows and functions. */
export async function memoryCalls(delivery: Delivery): Promise<MemoryCalls> {
  const calls: CallRecord[] = [];
  const dead: unknown[] = [];
  const record = (event: unknown, context: Parameters<typeof recordOf>[1]): CallRecord => {
    const call = recordOf(event as Record<string, unknown>, context);
    calls.push(call);
    return call;
  };
  const m = createMemoryRuntime({
    ...(delivery === 'storm' ? { outboxLeaseMs: 0 } : {}),
    functions: {
      'calls/record': (event, context) => ({ item: record(event, context).item }),
      'calls/flaky': (event, context) => {
        const call = record(event, context);
        const earlier = calls.filter((c) => c.execution === call.execution && c.item === call.item);
        if (earlier.length <= FLAKY_FAILURES) {
          const error = new Error('not yet');
          error.name = 'Flaky';
          throw error;
        }
        return { item: call.item };
      },
    },
  });
  for (const [name, definition] of Object.entries(FLOWS)) await m.operations.createFlow({ name, definition });

  const inflight = new Set<Promise<void>>();
  let enqueued = 0;
  let handOver: ((item: WorkItem) => Promise<void>) | undefined;
  const enqueue = m.dispatcher.enqueue.bind(m.dispatcher);
  m.dispatcher.enqueue = async (item) => {
    enqueued += 1;
    // No deduplication in a storm: every enqueue is delivered, as an SQS standard queue does.
    if (delivery === 'storm' && handOver !== undefined) return handOver(structuredClone(item));
    return enqueue(item);
  };
  if (delivery !== 'once') {
    const deliver = async (item: WorkItem, delivered = 1): Promise<void> => {
      const copies = await Promise.allSettled([
        m.runtime.handleWorkItem(item),
        m.runtime.handleWorkItem(item),
      ]);
      const failed = copies.find((copy) => copy.status === 'rejected');
      if (failed === undefined) return;
      if (delivered < MAX_DELIVERIES) await deliver(item, delivered + 1);
      else dead.push({ item, error: (failed as PromiseRejectedResult).reason });
    };
    // The dispatcher hands the item over and goes on: every item of a drain runs at once.
    handOver = async (item) => {
      const running: Promise<void> = deliver(item).finally(() => inflight.delete(running));
      inflight.add(running);
    };
    m.dispatcher.attach(handOver);
  }

  const settle = async (): Promise<void> => {
    for (;;) {
      await m.drain();
      if (inflight.size === 0) break;
      await Promise.all([...inflight]);
    }
    dead.push(...m.dispatcher.deadLetters.splice(0));
  };

  const runToEnd = async (key: ExecutionKey): Promise<ExecutionView> => {
    for (let step = 0; step < MAX_CLOCK_STEPS; step++) {
      await settle();
      const view = await m.operations.describeExecution(key);
      if (view.status !== 'Running') return view;
      const next = m.stores.timers.nextFireAt();
      assert.ok(next !== undefined, `${key.executionName} is Running with no work and no timer left`);
      await m.clock.advanceTo(Math.max(next, m.clock.now()));
    }
    assert.fail(`${key.executionName} still Running after ${MAX_CLOCK_STEPS} timers`);
  };

  const history = async (key: ExecutionKey): Promise<HistoryEvent[]> => {
    const events: HistoryEvent[] = [];
    let nextToken: string | undefined;
    do {
      const page = await m.operations.getExecutionHistory({ ...key, limit: 1000, nextToken });
      events.push(...page.events);
      nextToken = page.nextToken;
    } while (nextToken !== undefined);
    return events;
  };

  return { m, calls, dead, enqueued: () => enqueued, settle, runToEnd, history };
}
