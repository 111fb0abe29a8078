/** Tables (from TABLE_LAYOUTS) and queues: TTL, stream, PITR, encryption, DLQs, TLS-only policies. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Match } from 'aws-cdk-lib/assertions';
import { BY_FLOW_INDEX, TABLE_LAYOUTS, TTL_ATTRIBUTE } from '../../lib/adapters/aws/tables.ts';
import { MAX_RECEIVE_COUNT } from '../../lib/infra/engine-queues.ts';
import { logicalId, show, synthEngine } from './synth.ts';

const { template, engine } = synthEngine({ retentionDays: 30 });

describe('tables', () => {
  it('are on demand, with point-in-time recovery and KMS encryption, and retained by default', () => {
    const tables = template.findResources('AWS::DynamoDB::Table');
    assert.equal(Object.keys(tables).length, 3);
    for (const table of Object.values(tables)) {
      assert.equal(table.Properties.BillingMode, 'PAY_PER_REQUEST');
      assert.deepEqual(table.Properties.PointInTimeRecoverySpecification, {
        PointInTimeRecoveryEnabled: true,
      });
      assert.deepEqual(table.Properties.SSESpecification, { SSEEnabled: true });
      assert.equal(table.DeletionPolicy, 'Retain');
      assert.equal(table.Properties.TableName, undefined, 'no physical name');
    }
  });

  it('tokens: TTL attribute and a stream of old images (the timeouts backstop)', () => {
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      KeySchema: TABLE_LAYOUTS.tokens.keySchema,
      TimeToLiveSpecification: { AttributeName: TTL_ATTRIBUTE, Enabled: true },
      StreamSpecification: { StreamViewType: 'OLD_IMAGE' },
    });
  });

  it('executions: the layout keys, the TTL attribute and the byFlow index', () => {
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      KeySchema: TABLE_LAYOUTS.executions.keySchema,
      TimeToLiveSpecification: { AttributeName: TTL_ATTRIBUTE, Enabled: true },
      GlobalSecondaryIndexes: [
        Match.objectLike({
          IndexName: BY_FLOW_INDEX,
          KeySchema: TABLE_LAYOUTS.executions.globalSecondaryIndexes[0]?.KeySchema,
          Projection: TABLE_LAYOUTS.executions.globalSecondaryIndexes[0]?.Projection,
        }),
      ],
    });
  });

  it('flows: keyed by name, no TTL, no stream', () => {
    const flows = template.findResources('AWS::DynamoDB::Table', {
      Properties: { KeySchema: TABLE_LAYOUTS.flows.keySchema },
    });
    const [table] = Object.values(flows);
    assert.equal(table?.Properties.TimeToLiveSpecification, undefined);
    assert.equal(table?.Properties.StreamSpecification, undefined);
  });

  it('the retention period reaches the functions', () => {
    const apiFunction =
      template.findResources('AWS::Lambda::Function')[logicalId(engine.functions.api.function)];
    assert.equal(apiFunction?.Properties.Environment.Variables.FLOWBACK_RETENTION_DAYS, '30');
  });
});

describe('queues', () => {
  const queues = template.findResources('AWS::SQS::Queue');
  const policies = Object.values(template.findResources('AWS::SQS::QueuePolicy'));

  it('work and timers each have their own DLQ', () => {
    const { work, timers, workDeadLetters, timerDeadLetters } = engine.queues;
    for (const [queue, dlq] of [
      [work, workDeadLetters],
      [timers, timerDeadLetters],
    ] as const) {
      assert.deepEqual(queues[logicalId(queue)]?.Properties.RedrivePolicy, {
        deadLetterTargetArn: { 'Fn::GetAtt': [logicalId(dlq), 'Arn'] },
        maxReceiveCount: MAX_RECEIVE_COUNT,
      });
    }
    assert.equal(Object.keys(queues).length, 5, 'work, timers, their DLQs, the stream failure queue');
  });

  it('every queue is encrypted and denies requests without TLS', () => {
    for (const [id, queue] of Object.entries(queues)) {
      assert.equal(queue.Properties.SqsManagedSseEnabled, true, id);
      assert.equal(queue.Properties.QueueName, undefined, 'no physical name');
      const policy = policies.find((candidate) =>
        candidate.Properties.Queues.map(show).includes(`Ref:${id}`),
      );
      assert.ok(policy, `${id} has a queue policy`);
      const statements = policy.Properties.PolicyDocument.Statement as Record<string, unknown>[];
      assert.ok(
        statements.some(
          (statement) =>
            statement.Effect === 'Deny' &&
            JSON.stringify(statement.Condition) ===
              JSON.stringify({ Bool: { 'aws:SecureTransport': 'false' } }),
        ),
        `${id} denies insecure transport`,
      );
    }
  });

  it("the queues' visibility timeout is six times the worker's timeout", () => {
    assert.equal(queues[logicalId(engine.queues.work)]?.Properties.VisibilityTimeout, 1800);
  });
});
