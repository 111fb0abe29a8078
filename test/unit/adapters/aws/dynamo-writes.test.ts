import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { beforeEach, describe, it } from 'node:test';
import { ConditionalCheckFailedException, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  BatchWriteCommand,
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import {
  DynamoExecutionStore,
  DynamoTimerRecords,
  DynamoTokenStore,
} from '../../../../lib/adapters/aws/index.ts';
import { decodeJson } from '../../../../lib/adapters/aws/item-codec.ts';
import { CURRENT_DICTIONARY } from '../../../../lib/adapters/aws/json-dictionary.ts';
import type { ExecutionState } from '../../../../lib/engine/types.ts';
import { contractEvent, contractRecord, contractState } from '../../../support/store-fixtures.ts';

const db = mockClient(DynamoDBDocumentClient);
const client = new DynamoDBClient({ region: 'us-east-1' });
const key = { flowName: 'f', executionName: 'e1' };
const conflict = () => new ConditionalCheckFailedException({ message: 'failed', $metadata: {} });
const DAY = 86_400;

describe('DynamoDB stores: the exact writes', () => {
  beforeEach(() => db.reset());

  it('create stores the definition once by hash, then the state item conditional on the key being absent', async () => {
    db.on(PutCommand).resolves({});
    const store = new DynamoExecutionStore(client, 'ex');
    await store.create(contractRecord('e1', 1700000000123));
    await store.create(contractRecord('e2', 1700000000124));
    const puts = db.commandCalls(PutCommand).map((call) => call.args[0].input);
    // One definition item for both executions (same definition), then one state item each.
    assert.deepEqual(
      puts.map((input) => [String(input.Item?.pk).slice(0, 5), input.Item?.sk]),
      [
        ['~def#', 'definition'],
        ['f#e1', 'state'],
        ['f#e2', 'state'],
      ],
    );
    const input = puts[1];
    assert.equal(input?.TableName, 'ex');
    assert.equal(input?.ConditionExpression, 'attribute_not_exists(pk)');
    assert.equal(input?.Item?.definitionHash, String(puts[0]?.Item?.pk).slice(5));
    assert.equal(input?.Item?.definition, undefined);
    assert.deepEqual(
      { ...input?.Item, summary: undefined, core: undefined, definitionHash: undefined },
      {
        pk: 'f#e1',
        sk: 'state',
        flowName: 'f',
        startKey: '1700000000123#e1',
        status: 'Running',
        version: 1,
        outboxes: {},
        inbox: [],
        recent: '[]',
        summary: undefined,
        core: undefined,
        definitionHash: undefined,
      },
    );
  });

  it('a running commit writes core, version, its outbox under v{version} and removes the consumed inbox', async () => {
    db.on(UpdateCommand).resolves({});
    const store = new DynamoExecutionStore(client, 'ex');
    const state = { ...contractState('e1', 1000), nextEventId: 4 };
    const result = await store.commit(key, {
      expectedVersion: 7,
      state,
      outbox: { events: [contractEvent(3)], commands: [] },
      committedAt: 99,
      consumedInbox: 2,
      recentHistory: [],
      completedOutboxes: [5],
    });
    assert.deepEqual(result, { ok: true, version: 8 });
    const input = db.commandCalls(UpdateCommand)[0]?.args[0].input;
    assert.deepEqual(input?.Key, { pk: 'f#e1', sk: 'state' });
    assert.equal(input?.ConditionExpression, '#version = :expected AND attribute_exists(#outboxesMap)');
    assert.equal(
      input?.UpdateExpression,
      'SET #core = :core, #version = :next, #recent = :recent, #outboxes.#newOutbox = :outbox REMOVE #outboxes.#completed0, #inbox[1], #inbox[0]',
    );
    assert.equal(input?.ExpressionAttributeNames?.['#newOutbox'], 'v8');
    assert.equal(input?.ExpressionAttributeNames?.['#completed0'], 'v5');
    assert.equal(input?.ExpressionAttributeValues?.[':expected'], 7);
    assert.equal(input?.ExpressionAttributeValues?.[':next'], 8);
    const { input: _input, ...core } = state;
    assert.deepEqual(decodeJson(input?.ExpressionAttributeValues?.[':core']), core);
    assert.equal(
      decodeJson<{ committedAt: number }>(input?.ExpressionAttributeValues?.[':outbox']).committedAt,
      99,
    );
  });

  it('the finishing commit also writes status, summary and the TTL; an empty outbox is not stored', async () => {
    db.on(UpdateCommand).resolves({});
    const store = new DynamoExecutionStore(client, 'ex', { retentionDays: 2 });
    const done: ExecutionState = {
      ...contractState('e1', 1000, 'Succeeded'),
      stoppedTime: 5_000_000,
      output: {},
    };
    await store.commit(key, {
      expectedVersion: 1,
      state: done,
      outbox: { events: [], commands: [] },
      committedAt: 0,
      consumedInbox: 0,
      recentHistory: [],
      completedOutboxes: [],
    });
    const input = db.commandCalls(UpdateCommand)[0]?.args[0].input;
    assert.equal(
      input?.UpdateExpression,
      'SET #core = :core, #version = :next, #recent = :recent, #status = :status, #summary = :summary, #expiresAt = :expiresAt',
    );
    assert.equal(input?.ExpressionAttributeValues?.[':expiresAt'], 5000 + 2 * DAY);
    assert.equal(input?.ExpressionAttributeValues?.[':status'], 'Succeeded');
  });

  it('a failed condition is a conflict; clearOutbox removes one outbox', async () => {
    db.on(UpdateCommand).rejects(conflict());
    const store = new DynamoExecutionStore(client, 'ex');
    const request = {
      expectedVersion: 1,
      state: contractState('e1', 0),
      outbox: { events: [], commands: [] },
    };
    assert.deepEqual(
      await store.commit(key, {
        ...request,
        committedAt: 0,
        consumedInbox: 0,
        recentHistory: [],
        completedOutboxes: [],
      }),
      {
        ok: false,
        conflict: true,
      },
    );
    await store.clearOutbox(key, 3);
    const clear = db.commandCalls(UpdateCommand)[1]?.args[0].input;
    assert.equal(clear?.UpdateExpression, 'REMOVE #outboxes.#cleared');
    assert.equal(clear?.ExpressionAttributeNames?.['#cleared'], 'v3');
  });

  it('an inbox append is an unconditional list_append (on an existing item) that returns the item', async () => {
    db.on(UpdateCommand).resolves({});
    const store = new DynamoExecutionStore(client, 'ex');
    assert.equal(
      await store.appendInbox(key, { id: 'a', event: { type: 'TimerFired', timerId: 't' } }),
      undefined,
    );
    const input = db.commandCalls(UpdateCommand)[0]?.args[0].input;
    assert.equal(input?.UpdateExpression, 'SET #inbox = list_append(if_not_exists(#inbox, :empty), :entry)');
    assert.equal(input?.ConditionExpression, 'attribute_exists(pk)');
    assert.equal(input?.ReturnValues, 'ALL_NEW');
  });

  it('large JSON is gzipped into a Binary attribute; a too-large item is a clear RangeError', async () => {
    db.on(UpdateCommand).resolves({});
    const store = new DynamoExecutionStore(client, 'ex');
    const big = { ...contractState('e1', 0), input: { text: 'ab'.repeat(10_000) } };
    const commitOf = (outbox: {
      events: never[] | ReturnType<typeof contractEvent>[];
      commands: never[] | object[];
    }) =>
      store.commit(key, {
        expectedVersion: 1,
        state: big,
        outbox: outbox as never,
        committedAt: 0,
        consumedInbox: 0,
        recentHistory: [],
        completedOutboxes: [],
      });
    await commitOf({
      events: [contractEvent(1)],
      commands: [{ type: 'Finish', status: 'Succeeded', output: { t: 'ab'.repeat(10_000) } }],
    });
    const outbox = db.commandCalls(UpdateCommand)[0]?.args[0].input.ExpressionAttributeValues?.[':outbox'];
    assert.ok(outbox instanceof Uint8Array);
    // Compressed: a dictionary id, then raw deflate; 20 KB of repeated text shrinks to a few bytes.
    assert.equal(outbox[0], CURRENT_DICTIONARY);
    assert.ok(outbox.byteLength < 200, `${outbox.byteLength} bytes`);
    assert.equal(decodeJson<{ commands: { type: string }[] }>(outbox).commands[0]?.type, 'Finish');
    const random = randomBytes(600_000).toString('base64');
    await assert.rejects(
      commitOf({ events: [], commands: [{ type: 'Finish', status: 'Succeeded', output: { random } }] }),
      /DynamoDB items are limited to 409600 bytes/,
    );
  });

  it('history is written in pages (one item per commit, 100 events at most), 25 a request, with a TTL', async () => {
    db.on(BatchWriteCommand)
      .resolvesOnce({
        UnprocessedItems: { ex: [{ PutRequest: { Item: { pk: 'f#e1', sk: 'h#0000000200' } } }] },
      })
      .resolves({});
    const store = new DynamoExecutionStore(client, 'ex', { retentionDays: 1 });
    const events = Array.from({ length: 2530 }, (_, index) => contractEvent(index + 1));
    events[2529] = { ...contractEvent(2530, 'ExecutionSucceeded') };
    await store.appendHistory(key, events);
    const calls = db.commandCalls(BatchWriteCommand).map((call) => call.args[0].input.RequestItems?.ex ?? []);
    assert.deepEqual(
      calls.map((requests) => requests.length),
      [25, 1, 1],
    );
    const first = calls[0]?.[0]?.PutRequest?.Item;
    const t = Date.parse('2024-01-01T00:00:00.000Z') / 1000;
    assert.deepEqual(
      { ...first, events: undefined },
      { pk: 'f#e1', sk: 'h#0000000100', expiresAt: t + 367 * DAY, events: undefined },
    );
    // Above 4 KiB, the page is compressed.
    assert.ok(first?.events instanceof Uint8Array);
    assert.deepEqual(
      decodeJson<{ eventId: number }[]>(first?.events as Uint8Array).map((event) => event.eventId),
      Array.from({ length: 100 }, (_, index) => index + 1),
    );
    const last = calls[2]?.[0]?.PutRequest?.Item;
    assert.equal(last?.sk, 'h#0000002530');
    assert.equal(last?.expiresAt, t + DAY);
  });

  it('tokens: register is conditional; the waiting TTL is the deadline; end keeps first outcome', async () => {
    db.on(PutCommand).resolves({});
    db.on(UpdateCommand).rejects(conflict());
    db.on(GetCommand).resolves({
      Item: {
        tokenHash: 'h',
        flowName: 'f',
        executionName: 'e1',
        scheduleEventId: 3,
        stepName: 's',
        status: 'ended',
        outcome: '{"kind":"timedOut"}',
        endedTime: 5,
      },
    });
    const tokens = new DynamoTokenStore(client, 'tok', { retentionDays: 1 });
    await tokens.register({
      tokenHash: 'h',
      executionKey: key,
      scheduleEventId: 3,
      stepName: 's',
      deadline: 10_500,
    });
    const put = db.commandCalls(PutCommand)[0]?.args[0].input;
    assert.equal(put?.ConditionExpression, 'attribute_not_exists(tokenHash)');
    assert.deepEqual(put?.Item, {
      tokenHash: 'h',
      flowName: 'f',
      executionName: 'e1',
      scheduleEventId: 3,
      stepName: 's',
      status: 'waiting',
      deadline: 10_500,
      expiresAt: 11,
    });
    const ended = await tokens.end('h', { kind: 'cancelled' }, key, 2000);
    assert.equal(ended.ended, false);
    assert.deepEqual(ended.record.outcome, { kind: 'timedOut' });
    const update = db.commandCalls(UpdateCommand)[0]?.args[0].input;
    assert.equal(update?.ConditionExpression, 'attribute_not_exists(tokenHash) OR #status = :waiting');
    assert.equal(update?.ExpressionAttributeValues?.[':expiresAt'], 2 + DAY);
    assert.equal(update?.ReturnValues, 'ALL_NEW');
  });

  it('timer records keep their first scheduling order (`if_not_exists(seq)`)', async () => {
    db.on(UpdateCommand).resolves({});
    await new DynamoTimerRecords(client, 'ex').schedule({ executionKey: key, timerId: 'w1', fireAt: 60_000 });
    const input = db.commandCalls(UpdateCommand)[0]?.args[0].input;
    assert.deepEqual(input?.Key, { pk: 'f#e1', sk: 't#w1' });
    assert.equal(
      input?.UpdateExpression,
      'SET #fireAt = :fireAt, #seq = if_not_exists(#seq, :seq), #expiresAt = :expiresAt',
    );
    assert.equal(input?.ConditionExpression, undefined);
  });
});
