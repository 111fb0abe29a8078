/**
 * Least-privilege policy statements of the engine's functions, derived from what the adapters call
 * (lib/adapters/aws/access.ts) and which of them each function composes (function-access.ts): the
 * exact DynamoDB actions on the exact tables and index, `sqs:SendMessage` on the queues a function
 * writes to, `lambda:InvokeFunction` on exactly the functions flows may call (no `*`, no `:*`
 * qualifiers), `secretsmanager:GetSecretValue` on the RPC secret and on the approval links' secret.
 */
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Access, DataTarget, QueueTarget } from '../adapters/aws/access.ts';
import { functionAccess } from '../adapters/aws/function-access.ts';

/** What deploying flows needs on the flows table (create, describe, update). */
export const FLOW_UPSERT_ACTIONS: readonly string[] = [
  ...(functionAccess('deployFlows').dynamodb.flows ?? []),
];

/** The actions on a queue a flow sends task messages to (the URL is looked up by name). */
export const FLOW_QUEUE_ACTIONS: readonly string[] = [...(functionAccess('worker').sqs.tasks ?? [])];

/** The resources of a function's grants (absent: nothing of that kind is granted). */
export interface GrantResources {
  /** ARNs of the tables and of the executions table's `byFlow` index. */
  readonly data: Partial<Record<DataTarget, string>>;
  /** ARNs of the queues: the engine's work and timer queues, and the task queues flows send to. */
  readonly queues: { readonly work?: string; readonly timers?: string; readonly tasks?: readonly string[] };
  /** ARNs of the functions flows may call. */
  readonly functions?: readonly string[];
  /** The ARN (or ARN pattern) of the RPC API's access-key secret. */
  readonly secret?: string;
  /** The ARN of the approval links' secret. */
  readonly linkSecret?: string;
}

/** `actions` on `resources`, or nothing when either is empty. */
function statement(actions: readonly string[], resources: readonly string[]): iam.PolicyStatement[] {
  if (resources.length === 0 || actions.length === 0) return [];
  return [new iam.PolicyStatement({ actions: [...actions].sort(), resources: [...new Set(resources)] })];
}

/** The statements that allow `access` on `resources`: one per table, index and queue, one for functions. */
export function accessStatements(access: Required<Access>, resources: GrantResources): iam.PolicyStatement[] {
  const statements: iam.PolicyStatement[] = [];
  for (const [target, actions] of Object.entries(access.dynamodb) as [DataTarget, readonly string[]][]) {
    const arn = resources.data[target];
    if (arn !== undefined) statements.push(...statement(actions, [arn]));
  }
  for (const [target, actions] of Object.entries(access.sqs) as [QueueTarget, readonly string[]][]) {
    const queue = resources.queues[target];
    const arns = queue === undefined ? [] : typeof queue === 'string' ? [queue] : queue;
    statements.push(...statement(actions, arns));
  }
  statements.push(...statement(access.lambda, resources.functions ?? []));
  if (resources.secret !== undefined)
    statements.push(...statement(access.secretsmanager, [resources.secret]));
  if (resources.linkSecret !== undefined)
    statements.push(...statement(access.linkSecret, [resources.linkSecret]));
  return statements;
}

/** Adds `statements` to `role`, and what KMS keys of `queues` need for sending, if they have any. */
export function grantAll(
  role: iam.IRole,
  statements: readonly iam.PolicyStatement[],
  encryptedQueues: readonly sqs.IQueue[] = [],
): void {
  for (const policyStatement of statements) role.addToPrincipalPolicy(policyStatement);
  for (const queue of encryptedQueues)
    queue.encryptionMasterKey?.grant(role, 'kms:GenerateDataKey', 'kms:Decrypt');
}
