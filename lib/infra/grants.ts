/**
 * Least-privilege policy statements of the engine's functions: the exact DynamoDB actions the adapters
 * use on the exact tables and indexes, `sqs:SendMessage` on the queues a function writes to, and
 * `lambda:InvokeFunction` on exactly the functions flows may call (no `*`, no `:*` qualifiers).
 */
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as sqs from 'aws-cdk-lib/aws-sqs';

/** The DynamoDB actions of lib/adapters/aws (Get/Put/Update/Delete, Query, Scan, BatchWrite). */
export const TABLE_DATA_ACTIONS: readonly string[] = [
  'dynamodb:BatchWriteItem',
  'dynamodb:DeleteItem',
  'dynamodb:GetItem',
  'dynamodb:PutItem',
  'dynamodb:Query',
  'dynamodb:Scan',
  'dynamodb:UpdateItem',
];

/** What deploying flows needs on the flows table (create, describe, update). */
export const FLOW_UPSERT_ACTIONS: readonly string[] = [
  'dynamodb:GetItem',
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
];

/** The actions on a queue a flow sends task messages to (the URL is looked up by name). */
export const FLOW_QUEUE_ACTIONS: readonly string[] = ['sqs:GetQueueUrl', 'sqs:SendMessage'];

/** `actions` on `resources`, or nothing when there are no resources. */
function statement(actions: readonly string[], resources: readonly string[]): iam.PolicyStatement[] {
  if (resources.length === 0) return [];
  return [new iam.PolicyStatement({ actions: [...actions], resources: [...new Set(resources)] })];
}

/** The engine's data actions on `arns` (tables and their indexes). */
export function tableDataStatements(arns: readonly string[]): iam.PolicyStatement[] {
  return statement(TABLE_DATA_ACTIONS, arns);
}

/** What deploying flows needs, on the flows table only. */
export function flowUpsertStatements(flowsTableArn: string): iam.PolicyStatement[] {
  return statement(FLOW_UPSERT_ACTIONS, [flowsTableArn]);
}

/** `sqs:SendMessage` on `queues` (the engine's own queues: URLs come from the environment). */
export function queueSendStatements(queues: readonly sqs.IQueue[]): iam.PolicyStatement[] {
  return statement(
    ['sqs:SendMessage'],
    queues.map((queue) => queue.queueArn),
  );
}

/** `lambda:InvokeFunction` on exactly `functionArns` (qualified where a flow names a qualifier; no wildcard). */
export function invokeStatements(functionArns: readonly string[]): iam.PolicyStatement[] {
  return statement(['lambda:InvokeFunction'], functionArns);
}

/** Send to the queues flows name (GetQueueUrl: the sender looks the URL up by the queue's name). */
export function flowQueueStatements(queueArns: readonly string[]): iam.PolicyStatement[] {
  return statement(FLOW_QUEUE_ACTIONS, queueArns);
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
