/**
 * The scheduled measurement of waiting tasks' ages (the `timeouts` Lambda's, on an EventBridge
 * schedule): the oldest waiting task's age overall and per flow, handed to `publish` (metrics).
 */
import { type WaitingTaskAges, waitingTaskAges } from '../runtime/task-age.ts';
import type { RuntimeProvider } from './worker-handler.ts';

/** Publishes a measurement (the Lambda entry: Powertools metrics). */
export type TaskAgePublisher = (ages: WaitingTaskAges) => void;

/** A handler of the schedule's events: measures and publishes, and answers the measurement. */
export function createTaskAgeHandler(
  getRuntime: RuntimeProvider,
  publish: TaskAgePublisher,
  now: () => number = Date.now,
): () => Promise<WaitingTaskAges> {
  return async () => {
    const runtime = await getRuntime();
    const ages = await waitingTaskAges(runtime.deps.tokens, now());
    publish(ages);
    return ages;
  };
}
