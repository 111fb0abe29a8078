/** Port: asynchronous work (a queue in production, a drained list in tests). */
import type { CallResourceCommand, ExecutionKey } from '../engine/types.ts';
import type { TokenRegistration } from './token-store.ts';

/** Work to be carried out later by `Runtime.handleWorkItem`. */
export type WorkItem =
  | {
      type: 'CallResource';
      id: string;
      executionKey: ExecutionKey;
      command: CallResourceCommand;
      /**
       * The attempt's token, registered by the call's claim (one write for both) rather than by the
       * outbox; absent for calls without a token (and on items enqueued before this existed).
       */
      registration?: TokenRegistration;
    }
  | {
      type: 'TimerFired';
      id: string;
      executionKey: ExecutionKey;
      timerId: string;
      /**
       * When the timer is due (epoch ms). A queue delays a message by at most 15 minutes: an item that
       * arrives before `fireAt` is scheduled again for the remainder instead of being delivered.
       */
      fireAt?: number;
    }
  | { type: 'FlushOutbox'; id: string; executionKey: ExecutionKey };

/** Enqueues work items. Items with the same `id` are the same work (deduplicated where possible). */
export interface Dispatcher {
  enqueue(item: WorkItem): Promise<void>;
}
