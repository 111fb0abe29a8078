/**
 * The embedded SQS has only the queues it was asked to create: the operations the local API serves
 * also create the queues a flow's tasks send to when CreateFlow or UpdateFlow stores it, as loading
 * flows from `--flows` does at start-up.
 */
import { parseFlow } from '../fdl/parse.ts';
import type { FlowView, Operations } from '../runtime/operations/index.ts';
import { queueNamesOf } from './flow-queues.ts';

/** Creates one queue (idempotent). */
export type QueueCreator = (name: string) => Promise<unknown>;

/** Creates the queues named by the task steps of a stored flow. */
async function createQueuesOf(flow: FlowView, createQueue: QueueCreator): Promise<void> {
  const parsed = parseFlow(flow.definition);
  if (!parsed.ok) return;
  for (const name of queueNamesOf([parsed.definition])) await createQueue(name);
}

/** `operations`, with CreateFlow and UpdateFlow also creating their flow's task queues. */
export function withFlowQueues(operations: Operations, createQueue: QueueCreator): Operations {
  return {
    ...operations,
    async createFlow(request) {
      const flow = await operations.createFlow(request);
      await createQueuesOf(flow, createQueue);
      return flow;
    },
    async updateFlow(request) {
      const flow = await operations.updateFlow(request);
      await createQueuesOf(flow, createQueue);
      return flow;
    },
  };
}
