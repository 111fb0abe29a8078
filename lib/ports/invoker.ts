/** Port: synchronous invocation of a function resource. */
import type { ExecutionKey } from '../engine/types.ts';
import type { Json, Resource } from '../fdl/types.ts';

/** A function resource (`acs:fc` or Lambda ARN). */
export type FunctionResource = Extract<Resource, { kind: 'function' }>;

/** What the function's caller knows, passed along for logs and local handlers. */
export interface InvokeContext {
  executionKey: ExecutionKey;
  stepName: string;
  scheduleEventId: number;
  /** The attempt's call id: the same on every repeat of this call (api.md, "Resources a task can call"). */
  callId: string;
  /** The task attempt's deadline (epoch ms), when it has one: the call should not outlive it. */
  deadline?: number;
}

/**
 * The outcome of an invocation. A failure carries the flow error name: the function's own error type
 * (`OrderRejected`) or a platform error (`FC.FunctionNotFound`, `FC.ResourceThrottled`, …).
 */
export type InvokeResult = { ok: true; output: Json } | { ok: false; error: string; cause: string };

/** Invokes functions. Throws only for infrastructure faults worth a redelivery. */
export interface Invoker {
  invoke(resource: FunctionResource, event: Json, context: InvokeContext): Promise<InvokeResult>;
}
