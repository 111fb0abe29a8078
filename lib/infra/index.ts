/** The CDK side of Flowback: the `FlowEngine` construct, the `FlowbackStack`, and their parts. */
export { ACCESS_LOG_FIELDS } from './access-log.ts';
export { EngineApi, type EngineApiMetrics, type EngineApiProps } from './engine-api.ts';
export {
  DEFAULT_TIMEOUTS,
  ENGINE_RUNTIME,
  EngineFunction,
  type EngineFunctionProps,
} from './engine-function.ts';
export { EngineQueues, MAX_RECEIVE_COUNT } from './engine-queues.ts';
export { EngineTables, TABLE_ROLES, type TableRole } from './engine-tables.ts';
export { DEFAULT_RETENTION_DAYS, type EngineFunctions, FlowEngine, RPC_SECRET_ENV } from './flow-engine.ts';
export type { EngineApiKind, FlowEngineProps } from './flow-engine-props.ts';
export { type FlowFile, readFlowFiles } from './flow-files.ts';
export { FlowbackStack, type FlowbackStackProps } from './flowback-stack.ts';
export { FLOWS_RESOURCE_TYPE, FlowsDeployment } from './flows-deployment.ts';
export { functionMapKey, functionMapOf } from './function-map.ts';
export { accessStatements, FLOW_QUEUE_ACTIONS, FLOW_UPSERT_ACTIONS, type GrantResources } from './grants.ts';
export { EngineHttpApi } from './http-api.ts';
export { ENGINE_METRICS, EngineMonitoring } from './monitoring.ts';
export { EngineRestApi } from './rest-api.ts';
export { REST_BODY_SCHEMAS } from './rest-models.ts';
export { CONTEXT_OPTIONS, readStackContext, type StackContext } from './stack-context.ts';
