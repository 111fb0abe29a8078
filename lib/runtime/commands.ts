/**
 * Carrying out the engine's commands, one handler per command type. Each is idempotent by its id
 * (tokens by hash, timers by timer id, child starts by name) or, for calls, claimed once by its call
 * id when its work item is handled, because an outbox may be carried out more than once (a crash).
 */
import type { CallResourceCommand, EngineCommand, RegisterTokenCommand } from '../engine/types.ts';
import type { ExecutionRecord } from '../ports/execution-store.ts';
import type { TokenRegistration } from '../ports/token-store.ts';
import type { RuntimeContext } from './context.ts';
import { isOperationError } from './errors.ts';
import { reportToParent } from './parent-report.ts';

/** Carries out one command type. */
type CommandHandler<K extends EngineCommand['type']> = (
  runtime: RuntimeContext,
  record: ExecutionRecord,
  command: Extract<EngineCommand, { type: K }>,
) => Promise<void>;

/** The id of the work item that calls a task's resource (one per attempt). */
export function callWorkItemId(record: ExecutionRecord, scheduleEventId: number): string {
  return `call:${record.key.flowName}/${record.key.executionName}/${scheduleEventId}`;
}

const handlers: { [K in EngineCommand['type']]: CommandHandler<K> } = {
  async RegisterToken(runtime, record, command) {
    await runtime.deps.tokens.register(registrationOf(record, command));
  },

  async EndToken(runtime, record, command) {
    await runtime.deps.tokens.end(command.tokenHash, command.outcome, record.key, runtime.deps.clock.now());
  },

  async CallResource(runtime, record, command) {
    await enqueueCall(runtime, record, command);
  },

  async ScheduleTimer(runtime, record, command) {
    await runtime.deps.timers.schedule({
      executionKey: record.key,
      timerId: command.timerId,
      fireAt: command.fireAt,
    });
  },

  async StopChild(runtime, _record, command) {
    try {
      await runtime.stop(
        { flowName: command.flowName, executionName: command.executionName },
        command.error,
        command.cause,
      );
    } catch (error) {
      // Already ended, or never started (the call had not been made yet): nothing to stop.
      if (!isOperationError(error, 'ExecutionNotExists', 'ExecutionAlreadyCompleted')) throw error;
    }
  },

  async Finish(runtime, record, command) {
    await reportToParent(runtime, record, command);
    runtime.waiters.notify(record.key);
    runtime.deps.observer?.executionFinished(record.key, command.status);
  },
};

/** The registration of a `RegisterToken` command of `record`. */
export function registrationOf(record: ExecutionRecord, command: RegisterTokenCommand): TokenRegistration {
  return {
    tokenHash: command.tokenHash,
    executionKey: record.key,
    scheduleEventId: command.scheduleEventId,
    stepName: command.stepName,
    ...(command.deadline !== undefined ? { deadline: command.deadline } : {}),
    ...(command.heartbeatSeconds !== undefined ? { heartbeatSeconds: command.heartbeatSeconds } : {}),
    ...(command.taskId !== undefined ? { taskId: command.taskId } : {}),
    ...(command.pattern !== undefined ? { pattern: command.pattern } : {}),
    ...(command.resourceArn !== undefined ? { resourceArn: command.resourceArn } : {}),
    ...(command.scheduledTime !== undefined ? { scheduledTime: command.scheduledTime } : {}),
  };
}

/** Enqueues the work item of a call, with the registration of its token when its claim makes it. */
export async function enqueueCall(
  runtime: RuntimeContext,
  record: ExecutionRecord,
  command: CallResourceCommand,
  registration?: TokenRegistration,
): Promise<void> {
  await runtime.deps.dispatcher.enqueue({
    type: 'CallResource',
    id: callWorkItemId(record, command.scheduleEventId),
    executionKey: record.key,
    command,
    ...(registration !== undefined ? { registration } : {}),
  });
}

/** Carries out one command of `record`'s outbox. */
export async function carryOut(
  runtime: RuntimeContext,
  record: ExecutionRecord,
  command: EngineCommand,
): Promise<void> {
  const handler = handlers[command.type] as CommandHandler<EngineCommand['type']>;
  await handler(runtime, record, command);
}
