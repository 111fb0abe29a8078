/**
 * Calling a task's resource (a `CallResource` work item): invoke a function, send a queue message,
 * or start a child execution. Resource-level failures become a failed result (a flow error the task
 * can retry or catch); only infrastructure faults throw, so that the work item is redelivered.
 */
import type { CallResourceCommand, CallResultEvent, ExecutionKey } from '../engine/types.ts';
import { isJsonObject } from '../fdl/index.ts';
import type { Json, JsonObject } from '../fdl/types.ts';
import type { RuntimeContext } from './context.ts';
import { tryParseJson } from './json.ts';
import { startExecution } from './start.ts';

/** The outcome handed back to the engine. */
export type CallOutcome = CallResultEvent['result'];

/** Message attribute names of a task message (api.md "Resources a task can call"). */
export const MessageAttributes = {
  taskToken: 'flowback.taskToken',
  heartbeatSeconds: 'flowback.heartbeatSeconds',
  flowName: 'flowback.flowName',
  executionName: 'flowback.executionName',
  stepName: 'flowback.stepName',
  callId: 'flowback.callId',
} as const;

/** The call id of a command (commands stored before call ids existed get one derived the same way). */
export function callIdOfCommand(key: ExecutionKey, command: CallResourceCommand): string {
  return command.callId ?? `c0-${key.flowName}-${key.executionName}-${command.scheduleEventId}`;
}

/** The body of a task message: `serviceParams.MessageBody` (a string as is) or the task input. */
export function messageBody(command: CallResourceCommand): string {
  const body: Json | undefined = command.serviceParams?.MessageBody;
  if (body === undefined) return JSON.stringify(command.input);
  return typeof body === 'string' ? body : JSON.stringify(body);
}

/** The attributes of a task message. */
export function messageAttributes(key: ExecutionKey, command: CallResourceCommand): Record<string, string> {
  return {
    ...(command.taskToken !== undefined ? { [MessageAttributes.taskToken]: command.taskToken } : {}),
    ...(command.heartbeatSeconds !== undefined
      ? { [MessageAttributes.heartbeatSeconds]: String(command.heartbeatSeconds) }
      : {}),
    [MessageAttributes.flowName]: key.flowName,
    [MessageAttributes.executionName]: key.executionName,
    [MessageAttributes.stepName]: command.stepName,
    [MessageAttributes.callId]: callIdOfCommand(key, command),
  };
}

/** A child's input: `serviceParams.Input` (object, or JSON text of one) if present, else the task input. */
function childInput(
  command: CallResourceCommand,
): { ok: true; input: JsonObject } | { ok: false; cause: string } {
  const given: Json | undefined = command.serviceParams?.Input;
  if (given === undefined) return { ok: true, input: command.input };
  const parsed = typeof given === 'string' ? tryParseJson(given) : given;
  return isJsonObject(parsed)
    ? { ok: true, input: parsed }
    : { ok: false, cause: 'serviceParams.Input must be a JSON object (or its JSON text)' };
}

/** Starts the child execution of a flow task (an existing one of that name counts as started). */
async function startChild(runtime: RuntimeContext, command: CallResourceCommand): Promise<CallOutcome> {
  if (command.resource.kind !== 'flow') throw new Error('not a flow resource');
  const flowName = command.resource.flowName;
  const flow = await runtime.deps.flows.get(flowName);
  if (flow === undefined) {
    return { ok: false, error: 'FnF.FlowNotExists', cause: `Flow '${flowName}' does not exist` };
  }
  const input = childInput(command);
  if (!input.ok) return { ok: false, error: 'FnF.InvalidInput', cause: input.cause };
  const executionName = command.childExecutionName ?? runtime.deps.ids.uuid();
  await startExecution(runtime, {
    key: { flowName, executionName },
    definition: flow.definition,
    input: input.input,
    ...(command.taskToken !== undefined ? { parent: { callbackTaskToken: command.taskToken } } : {}),
  });
  return { ok: true, output: { ExecutionName: executionName } };
}

/** Calls the resource of `command` for the execution `key`. */
export async function callResource(
  runtime: RuntimeContext,
  key: ExecutionKey,
  command: CallResourceCommand,
): Promise<CallOutcome> {
  const resource = command.resource;
  switch (resource.kind) {
    case 'function':
      return runtime.deps.invoker.invoke(resource, command.input, {
        executionKey: key,
        stepName: command.stepName,
        scheduleEventId: command.scheduleEventId,
        callId: callIdOfCommand(key, command),
        ...(command.deadline !== undefined ? { deadline: command.deadline } : {}),
      });
    case 'queue': {
      const sent = await runtime.deps.queues.send(resource, {
        body: messageBody(command),
        attributes: messageAttributes(key, command),
      });
      return sent.ok
        ? { ok: true, output: { MessageId: sent.messageId } }
        : { ok: false, error: `MNS.${sent.code}`, cause: sent.message };
    }
    case 'flow':
      return startChild(runtime, command);
  }
}
