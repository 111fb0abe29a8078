import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { APIGatewayProxyEvent, DynamoDBRecord, LambdaFunctionURLEvent, SQSRecord } from 'aws-lambda';
import { isTtlDeletion } from '../../../lib/adapters/aws/token-stream.ts';
import { createApiHandler } from '../../../lib/handlers/api-handler.ts';
import { createTimeoutsHandler } from '../../../lib/handlers/timeouts-handler.ts';
import { createWorkerHandler, parseWorkItem } from '../../../lib/handlers/worker-handler.ts';
import type { WorkItem } from '../../../lib/ports/dispatcher.ts';
import type { TokenRecord } from '../../../lib/ports/token-store.ts';
import type { Runtime } from '../../../lib/runtime/runtime.ts';
import { tokenStreamRecord } from '../../support/token-stream-records.ts';
import { setup } from '../runtime/runtime-helpers.ts';
import { callbackFlow, SEED_FLOW } from './api-helpers.ts';

const key = { flowName: 'seed', executionName: 'run1' };

/** An SQS record carrying `body`. */
function sqsRecord(messageId: string, body: string): SQSRecord {
  return { messageId, body } as SQSRecord;
}

/** A stream record of the tokens table deleting `token` (by the TTL service unless `by` says otherwise). */
function removal(token: TokenRecord, sequence: string, by: 'ttl' | 'user' = 'ttl'): DynamoDBRecord {
  return tokenStreamRecord('REMOVE', token, sequence, by);
}

describe('lib/handlers: createApiHandler', () => {
  it('answers Lambda function URL events (payload 2.0) alike: path, query, base64 body, request id', async () => {
    const m = setup();
    const handler = createApiHandler(() => m.operations);
    /** A function URL event, as Lambda gives it behind `-c api=url`. */
    const urlEvent = (method: string, rawPath: string, rawQueryString: string, body?: string) =>
      ({
        version: '2.0',
        routeKey: '$default',
        rawPath,
        rawQueryString,
        headers: { 'Content-Type': 'application/json', host: 'abc.lambda-url.eu-west-1.on.aws' },
        requestContext: { requestId: `u-${rawPath}`, http: { method, path: rawPath } },
        ...(body !== undefined ? { body: Buffer.from(body).toString('base64'), isBase64Encoded: true } : {}),
      }) as unknown as LambdaFunctionURLEvent;
    const created = await handler(
      urlEvent('POST', '/flows', '', JSON.stringify({ name: 'seed', definition: SEED_FLOW })),
    );
    assert.equal(created.statusCode, 201);
    assert.equal(JSON.parse(created.body).name, 'seed');
    assert.equal(created.headers?.['x-request-id'], 'u-/flows');
    const started = await handler(
      urlEvent('POST', '/flows/seed/executions', '', JSON.stringify({ executionName: 'via-url', input: {} })),
    );
    assert.equal(started.statusCode, 201, started.body);
    const listed = await handler(urlEvent('GET', '/flows/seed/executions', 'status=Running&limit=5'));
    assert.equal(listed.statusCode, 200, listed.body);
    assert.deepEqual(
      JSON.parse(listed.body).executions.map((e: { name: string }) => e.name),
      ['via-url'],
    );
    const missing = await handler(urlEvent('GET', '/flows/nope', ''));
    assert.equal(missing.statusCode, 404);
    assert.equal(JSON.parse(missing.body).code, 'FlowNotExists');
  });

  it('answers API Gateway events through the REST API (the seed flow created and described)', async () => {
    const m = setup();
    const handler = createApiHandler(() => m.operations);
    const base = { headers: {}, multiValueHeaders: {}, isBase64Encoded: false, queryStringParameters: null };
    const created = await handler({
      ...base,
      httpMethod: 'POST',
      path: '/flows',
      resource: '/flows',
      body: JSON.stringify({ name: 'seed', definition: SEED_FLOW }),
      requestContext: { requestId: 'r-1' },
    } as unknown as APIGatewayProxyEvent);
    assert.equal(created.statusCode, 201);
    assert.equal(created.headers?.['x-request-id'], 'r-1');
    assert.equal(JSON.parse(created.body).name, 'seed');

    const missing = await handler({
      ...base,
      httpMethod: 'GET',
      path: '/flows/nope',
      resource: '/flows/{flow}',
      pathParameters: { flow: 'nope' },
      body: null,
      requestContext: { requestId: 'r-2' },
    } as unknown as APIGatewayProxyEvent);
    assert.equal(missing.statusCode, 404);
    assert.deepEqual(JSON.parse(missing.body), {
      code: 'FlowNotExists',
      message: "Flow 'nope' does not exist",
      requestId: 'r-2',
    });
  });

  it('a failing provider answers 500 InternalServerError and reports it', async () => {
    const seen: unknown[] = [];
    const handler = createApiHandler(
      () => {
        throw new Error('FLOWBACK_FLOWS_TABLE is not set');
      },
      (error) => seen.push(error),
    );
    const result = await handler({
      httpMethod: 'GET',
      path: '/flows',
      headers: {},
      body: null,
      requestContext: { requestId: 'r-3' },
    } as unknown as APIGatewayProxyEvent);
    assert.equal(result.statusCode, 500);
    assert.equal(JSON.parse(result.body).code, 'InternalServerError');
    assert.equal(seen.length, 1);
  });
});

describe('lib/handlers: createWorkerHandler', () => {
  it('carries out each record’s work item, tolerates duplicates, and reports only the failed ones', async () => {
    const m = setup();
    await m.operations.createFlow({ name: 'seed', definition: SEED_FLOW });
    await m.operations.startExecution({ ...key });
    const items = m.dispatcher.pending();
    assert.ok(items.length > 0);
    const errors: string[] = [];
    const handler = createWorkerHandler(
      () => m.runtime,
      (_, record) => errors.push(record.messageId),
    );
    const records = [
      ...items.map((item, index) => sqsRecord(`m${index}`, JSON.stringify(item))),
      ...items.map((item, index) => sqsRecord(`dup${index}`, JSON.stringify(item))),
      sqsRecord('garbage', 'not json'),
      sqsRecord('stranger', JSON.stringify({ type: 'Nope', executionKey: key })),
    ];
    const response = await handler({ Records: records });
    assert.deepEqual(response.batchItemFailures.map((failure) => failure.itemIdentifier).sort(), [
      'garbage',
      'stranger',
    ]);
    assert.deepEqual(errors.sort(), ['garbage', 'stranger']);
    const execution = await m.operations.describeExecution(key);
    assert.equal(execution.status, 'Running');
    assert.equal(m.stores.tokens.all().length, 1, 'the task was submitted once');
    const history = await m.operations.getExecutionHistory(key);
    const ids = history.events.map((event) => event.eventId);
    assert.deepEqual(
      ids,
      ids.map((_, index) => index + 1),
    );
    assert.equal(history.events.filter((event) => event.type === 'TaskSubmitted').length, 1);
  });

  it('a work item whose handling throws is a batch item failure; the others succeed', async () => {
    const seen: string[] = [];
    const runtime = {
      handleWorkItem: async (item: WorkItem) => {
        if (item.id === 'bad') throw new Error('store down');
        seen.push(item.id);
      },
    } as unknown as Runtime;
    const handler = createWorkerHandler(
      () => runtime,
      () => {},
    );
    const item = (id: string): string => JSON.stringify({ type: 'FlushOutbox', id, executionKey: key });
    const response = await handler({
      Records: [sqsRecord('a', item('good')), sqsRecord('b', item('bad')), sqsRecord('c', item('fine'))],
    });
    assert.deepEqual(response, { batchItemFailures: [{ itemIdentifier: 'b' }] });
    assert.deepEqual(seen.sort(), ['fine', 'good']);
  });

  it('parseWorkItem refuses what is not a work item', () => {
    assert.throws(() => parseWorkItem('null'), TypeError);
    assert.throws(() => parseWorkItem('{"type":"FlushOutbox","id":"x"}'), TypeError);
    assert.throws(() => parseWorkItem('{'), SyntaxError);
    const item = parseWorkItem(
      JSON.stringify({ type: 'TimerFired', id: 't', executionKey: key, timerId: 't1' }),
    );
    assert.equal(item.type, 'TimerFired');
  });
});

describe('lib/handlers: createTimeoutsHandler', () => {
  it('a TTL deletion of a waiting token past its deadline times the task out (the timer was lost)', async () => {
    const m = setup();
    await m.operations.createFlow({ name: 'seed', definition: callbackFlow({ timeoutSeconds: 60 }) });
    await m.operations.startExecution({ ...key });
    await m.drain();
    const [token] = m.stores.tokens.all();
    assert.ok(token?.deadline !== undefined);
    // The timer message was lost: nothing fires while the clock passes the deadline.
    for (const timer of m.stores.timers.all())
      await m.stores.timers.delete(timer.executionKey, timer.timerId);
    m.clock.attach({ nextFireAt: () => undefined, fireDue: async () => {} });
    await m.clock.advanceBy(120_000);
    assert.equal((await m.operations.describeExecution(key)).status, 'Running');

    const handler = createTimeoutsHandler(() => m.runtime);
    const response = await handler({ Records: [removal(token, '100')] });
    assert.deepEqual(response, { batchItemFailures: [] });
    const execution = await m.operations.describeExecution(key);
    assert.equal(execution.status, 'Failed');
    assert.equal(execution.error, 'FnF.TaskTimeout');
    assert.equal(m.stores.tokens.all()[0]?.status, 'ended');
  });

  it('skips deletions not made by the TTL service, tombstones, inserts and modifications', async () => {
    const expired: TokenRecord[] = [];
    const runtime = {
      expireToken: async (token: TokenRecord) => void expired.push(token),
    } as unknown as Runtime;
    const handler = createTimeoutsHandler(() => runtime);
    const waiting: TokenRecord = {
      tokenHash: 'h1',
      executionKey: key,
      scheduleEventId: 3,
      stepName: 'mytask',
      status: 'waiting',
      deadline: 1000,
    };
    const byUser = removal(waiting, '1', 'user');
    const tombstone = removal({ ...waiting, status: 'ended' }, '2');
    const insert = { ...removal(waiting, '3'), eventName: 'INSERT' as const };
    const noImage: DynamoDBRecord = { ...removal(waiting, '4'), dynamodb: { SequenceNumber: '4' } };
    assert.equal(isTtlDeletion(byUser), false);
    assert.equal(isTtlDeletion(tombstone), true);
    const response = await handler({ Records: [byUser, tombstone, insert, noImage, removal(waiting, '5')] });
    assert.deepEqual(response, { batchItemFailures: [] });
    assert.deepEqual(expired, [waiting]);
  });

  it('a record whose expiry throws is reported by its sequence number', async () => {
    const runtime = {
      expireToken: async () => {
        throw new Error('store down');
      },
    } as unknown as Runtime;
    const handler = createTimeoutsHandler(
      () => runtime,
      () => {},
    );
    const waiting: TokenRecord = {
      tokenHash: 'h1',
      executionKey: key,
      scheduleEventId: 3,
      stepName: 'mytask',
      status: 'waiting',
    };
    const response = await handler({ Records: [removal(waiting, '42')] });
    assert.deepEqual(response, { batchItemFailures: [{ itemIdentifier: '42' }] });
  });
});
