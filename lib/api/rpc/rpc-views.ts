/**
 * The answers' shapes of the original API (fnf-reference.md §8–§9.3): PascalCase, `Input`/`Output` and
 * `EventDetail` as JSON text, empty strings where the original returns them for unset fields.
 */
import { createHash } from 'node:crypto';
import type { EventView, ExecutionView, FlowView } from '../../runtime/operations/views.ts';

/** A flow as the original shows it. */
export interface RpcFlow {
  Name: string;
  Description: string;
  Definition: string;
  Type: 'FDL';
  RoleArn: string;
  Id: string;
  CreatedTime: string;
  LastModifiedTime: string;
  ExecutionMode: 'Standard';
  ExternalStorageLocation: string;
}

/** An execution as the original shows it (`ErrorCode`/`ErrorMessage` only when it has an error). */
export interface RpcExecution {
  Name: string;
  FlowName: string;
  FlowDefinition: string;
  Input: string;
  Output: string;
  Status: string;
  StartedTime: string;
  StoppedTime: string;
  ErrorCode?: string;
  ErrorMessage?: string;
}

/** A history event as the original shows it. */
export interface RpcEvent {
  Type: string;
  EventId: number;
  Time: string;
  ScheduleEventId: number;
  StepName: string;
  EventDetail: string;
}

/**
 * A stable UUID-shaped id of a flow (the original's `Id`), from its name and creation time: the same
 * flow always shows the same id, a flow created again under the same name another one.
 */
export function flowId(flow: FlowView): string {
  const hex = createHash('sha1').update(`${flow.name}\u0000${flow.createdTime}`).digest('hex');
  const variant = ((Number.parseInt(hex.slice(16, 18), 16) & 0x3f) | 0x80).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${variant}${hex.slice(18, 20)}-${hex.slice(20, 32)}`;
}

/** The original's view of a flow. */
export function rpcFlow(flow: FlowView): RpcFlow {
  return {
    Name: flow.name,
    Description: flow.description,
    Definition: flow.definition,
    Type: 'FDL',
    RoleArn: '',
    Id: flowId(flow),
    CreatedTime: flow.createdTime,
    LastModifiedTime: flow.lastModifiedTime,
    ExecutionMode: 'Standard',
    ExternalStorageLocation: '',
  };
}

/** The original's view of an execution; `definition` is the flow's definition text ('' when unknown). */
export function rpcExecution(execution: ExecutionView, definition: string): RpcExecution {
  return {
    Name: execution.name,
    FlowName: execution.flowName,
    FlowDefinition: definition,
    Input: JSON.stringify(execution.input),
    Output: execution.output === undefined ? '' : JSON.stringify(execution.output),
    Status: execution.status,
    StartedTime: execution.startedTime,
    StoppedTime: execution.stoppedTime ?? '',
    ...(execution.error !== undefined ? { ErrorCode: execution.error } : {}),
    ...(execution.cause !== undefined ? { ErrorMessage: execution.cause } : {}),
  };
}

/** The original's view of a history event. */
export function rpcEvent(event: EventView): RpcEvent {
  return {
    Type: event.type,
    EventId: event.eventId,
    Time: event.time,
    ScheduleEventId: event.scheduleEventId,
    StepName: event.stepName,
    EventDetail: JSON.stringify(event.detail),
  };
}
