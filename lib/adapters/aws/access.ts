/**
 * What the AWS adapters call, declared once: for each adapter module, the DynamoDB, SQS, Lambda and
 * Secrets Manager actions of each of its capabilities, on which table, index or queue. The stack
 * grants each engine function the union of the capabilities its composition uses
 * (`lib/adapters/aws/function-access.ts`), and a test reads every adapter's source so that a call
 * added without its declaration fails (test/infra/least-privilege.test.ts).
 */

/** The DynamoDB actions of the adapters. */
export type DynamoAction =
  | 'dynamodb:BatchGetItem'
  | 'dynamodb:BatchWriteItem'
  | 'dynamodb:CreateTable'
  | 'dynamodb:DeleteItem'
  | 'dynamodb:DeleteTable'
  | 'dynamodb:DescribeTable'
  | 'dynamodb:GetItem'
  | 'dynamodb:PutItem'
  | 'dynamodb:Query'
  | 'dynamodb:Scan'
  | 'dynamodb:UpdateItem';

/** What a DynamoDB action is on: a table of the engine, or one of its indexes. */
export type DataTarget =
  | 'executions'
  | 'executionsByFlow'
  | 'tokens'
  | 'tokensByTaskId'
  | 'tokensTasks'
  | 'flows';

/** The queues the adapters send to: the engine's work and timer queues, and the flows' task queues. */
export type QueueTarget = 'work' | 'timers' | 'tasks';

/** The SQS actions of the adapters (the local runtime's polling and queue creation are not AWS's). */
export type SqsAction =
  | 'sqs:ChangeMessageVisibility'
  | 'sqs:CreateQueue'
  | 'sqs:DeleteMessage'
  | 'sqs:GetQueueAttributes'
  | 'sqs:GetQueueUrl'
  | 'sqs:ReceiveMessage'
  | 'sqs:SendMessage';

/** What one capability of an adapter calls. */
export interface Access {
  readonly dynamodb?: Partial<Record<DataTarget, readonly DynamoAction[]>>;
  readonly sqs?: Partial<Record<QueueTarget, readonly SqsAction[]>>;
  /** `lambda:InvokeFunction` on the flows' functions. */
  readonly lambda?: readonly 'lambda:InvokeFunction'[];
  /** On the RPC API's access-key secret. */
  readonly secretsmanager?: readonly 'secretsmanager:GetSecretValue'[];
  /** On the approval links' secret. */
  readonly linkSecret?: readonly 'secretsmanager:GetSecretValue'[];
}

/**
 * The capabilities of each adapter module of lib/adapters/aws (by file name). A capability no engine
 * function composes (`recovery`, `repair`, `setup`) is the local runtime's alone.
 */
export const ADAPTER_ACCESS = {
  'dynamo-execution-store.ts': {
    /** Create, load and commit state items. */
    state: { dynamodb: { executions: ['dynamodb:PutItem', 'dynamodb:GetItem', 'dynamodb:UpdateItem'] } },
  },
  'execution-listing.ts': {
    /** ListExecutions: the executions of a flow by start time. */
    list: { dynamodb: { executionsByFlow: ['dynamodb:Query'] } },
    /** Pending outboxes (a Scan of the whole table: start-up recovery and the local sweeper). */
    recovery: { dynamodb: { executions: ['dynamodb:Scan'] } },
  },
  'outbox-items.ts': {
    /** Large pending outboxes in items of their own: written before their commit, read, and deleted when it lost. */
    outboxes: {
      dynamodb: { executions: ['dynamodb:PutItem', 'dynamodb:GetItem', 'dynamodb:DeleteItem'] },
    },
  },
  'result-chunk-items.ts': {
    /** A large foreach's finished locals: written before the commit that references them, read when it ends. */
    chunks: { dynamodb: { executions: ['dynamodb:PutItem', 'dynamodb:BatchGetItem'] } },
  },
  'history-items.ts': {
    history: { dynamodb: { executions: ['dynamodb:BatchWriteItem', 'dynamodb:Query'] } },
  },
  'definition-items.ts': {
    definitions: { dynamodb: { executions: ['dynamodb:PutItem', 'dynamodb:GetItem'] } },
  },
  'legacy-state-item.ts': {
    /** Layout-1 state items, upgraded when loaded. */
    upgrade: { dynamodb: { executions: ['dynamodb:GetItem', 'dynamodb:UpdateItem'] } },
  },
  'dynamo-token-store.ts': {
    tokens: { dynamodb: { tokens: ['dynamodb:PutItem', 'dynamodb:GetItem', 'dynamodb:UpdateItem'] } },
    /** DescribeExecution's waiting tasks (by hash, in batches); a task's item once task-index.ts found it. */
    tasks: { dynamodb: { tokens: ['dynamodb:BatchGetItem', 'dynamodb:GetItem'] } },
    /** Waiting tokens past their deadline (a Scan: the local sweeper; on AWS the TTL stream does it). */
    recovery: { dynamodb: { tokens: ['dynamodb:Scan'] } },
  },
  'task-index.ts': {
    /** ListTasks on the `tasks` index; the hash of a task id on `byTaskId`. */
    tasks: { dynamodb: { tokensByTaskId: ['dynamodb:Query'], tokensTasks: ['dynamodb:Query'] } },
  },
  'dynamo-flow-store.ts': {
    read: { dynamodb: { flows: ['dynamodb:GetItem'] } },
    write: { dynamodb: { flows: ['dynamodb:PutItem', 'dynamodb:UpdateItem'] } },
    delete: { dynamodb: { flows: ['dynamodb:DeleteItem'] } },
    list: { dynamodb: { flows: ['dynamodb:Scan'] } },
  },
  'dynamo-timer-records.ts': {
    /** Record, delete and find an execution's due timers. */
    timers: { dynamodb: { executions: ['dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:Query'] } },
    /** Every due timer (a Scan: recovery). */
    recovery: { dynamodb: { executions: ['dynamodb:Scan'] } },
  },
  'dynamo-nonce-store.ts': {
    nonces: { dynamodb: { executions: ['dynamodb:PutItem'] } },
  },
  'dynamo-call-ledger.ts': {
    calls: { dynamodb: { executions: ['dynamodb:PutItem', 'dynamodb:UpdateItem'] } },
  },
  'execution-index.ts': {
    /** The dynalite index repair (local only). */
    repair: {
      dynamodb: {
        executionsByFlow: ['dynamodb:Scan'],
        executions: [
          'dynamodb:BatchGetItem',
          'dynamodb:PutItem',
          'dynamodb:DeleteItem',
          'dynamodb:UpdateItem',
        ],
      },
    },
  },
  'maintenance.ts': {
    /** The local sweeper's scans. */
    recovery: { dynamodb: { executions: ['dynamodb:Scan'], tokens: ['dynamodb:Scan'] } },
  },
  'tables.ts': {
    /** Creating the tables (dynalite). */
    setup: {
      dynamodb: {
        executions: ['dynamodb:DescribeTable', 'dynamodb:CreateTable'],
        tokens: ['dynamodb:DescribeTable', 'dynamodb:CreateTable'],
        flows: ['dynamodb:DescribeTable', 'dynamodb:CreateTable'],
      },
    },
  },
  'table-upgrade.ts': {
    /** Rebuilding a table of an older data folder that lacks an index (dynalite). */
    setup: {
      dynamodb: {
        executions: [
          'dynamodb:BatchWriteItem',
          'dynamodb:DeleteTable',
          'dynamodb:DescribeTable',
          'dynamodb:Scan',
        ],
        tokens: [
          'dynamodb:BatchWriteItem',
          'dynamodb:DeleteTable',
          'dynamodb:DescribeTable',
          'dynamodb:Scan',
        ],
        flows: ['dynamodb:BatchWriteItem', 'dynamodb:DeleteTable', 'dynamodb:DescribeTable', 'dynamodb:Scan'],
      },
    },
  },
  'sqs-dispatcher.ts': { dispatch: { sqs: { work: ['sqs:SendMessage'] } } },
  'sqs-timers.ts': { send: { sqs: { timers: ['sqs:SendMessage'] } } },
  /** A failed work item comes back after its backoff (the worker's own queues). */
  'sqs-redelivery.ts': {
    redeliver: { sqs: { work: ['sqs:ChangeMessageVisibility'], timers: ['sqs:ChangeMessageVisibility'] } },
  },
  'sqs-queue-sender.ts': { send: { sqs: { tasks: ['sqs:GetQueueUrl', 'sqs:SendMessage'] } } },
  'lambda-invoker.ts': { invoke: { lambda: ['lambda:InvokeFunction'] } },
  'secret-access-keys.ts': { read: { secretsmanager: ['secretsmanager:GetSecretValue'] } },
  'secret-link-key.ts': { read: { linkSecret: ['secretsmanager:GetSecretValue'] } },
} as const satisfies Record<string, Record<string, Access>>;

/** The union of `accesses`: each target's actions, sorted and each once. */
export function unionOf(accesses: readonly Access[]): Required<Access> {
  const dynamodb: Partial<Record<DataTarget, DynamoAction[]>> = {};
  const sqs: Partial<Record<QueueTarget, SqsAction[]>> = {};
  const lambda = new Set<'lambda:InvokeFunction'>();
  const secrets = new Set<'secretsmanager:GetSecretValue'>();
  const linkSecret = new Set<'secretsmanager:GetSecretValue'>();
  const add = <T extends string, A extends string>(
    into: Partial<Record<T, A[]>>,
    from: Partial<Record<T, readonly A[]>>,
  ) => {
    for (const [target, actions] of Object.entries(from) as [T, readonly A[]][]) {
      into[target] = [...new Set([...(into[target] ?? []), ...actions])].sort();
    }
  };
  for (const access of accesses) {
    add(dynamodb, access.dynamodb ?? {});
    add(sqs, access.sqs ?? {});
    for (const action of access.lambda ?? []) lambda.add(action);
    for (const action of access.secretsmanager ?? []) secrets.add(action);
    for (const action of access.linkSecret ?? []) linkSecret.add(action);
  }
  return { dynamodb, sqs, lambda: [...lambda], secretsmanager: [...secrets], linkSecret: [...linkSecret] };
}
