/**
 * What lib/local's sweeper and index repair ask the AWS adapter (lib/adapters/aws/maintenance.ts,
 * execution-index.ts), on dynalite: pages of due work, and the entries of the executions index.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { documentClient } from '../../../lib/adapters/aws/document-client.ts';
import { ExecutionIndexEntries, type ListedExecution } from '../../../lib/adapters/aws/execution-index.ts';
import {
  DynamoExecutionStore,
  DynamoTimerRecords,
  DynamoTokenStore,
} from '../../../lib/adapters/aws/index.ts';
import { DynamoSweepScans, type ScanCursor } from '../../../lib/adapters/aws/maintenance.ts';
import type { ExecutionKey } from '../../../lib/engine/types.ts';
import type { TokenRecord } from '../../../lib/ports/token-store.ts';
import { type AwsLocal, startAwsLocal } from '../../support/aws-local.ts';
import { contractRecord } from '../../support/store-fixtures.ts';

const NOW = 1_700_000_000_000;
const key = (executionName: string): ExecutionKey => ({ flowName: 'f', executionName });
const names = (keys: readonly ExecutionKey[]): string[] => keys.map((each) => each.executionName).sort();

describe('DynamoSweepScans (on dynalite)', () => {
  let local: AwsLocal;
  let scans: DynamoSweepScans;

  before(async () => {
    local = await startAwsLocal();
    scans = new DynamoSweepScans(local.dynamo, local.tables);
    const executions = new DynamoExecutionStore(local.dynamo, local.tables.executions);
    await executions.create(contractRecord('quiet', NOW - 10_000));
    // A state item whose outbox is pending, flagged as the sweeper's filter looks for it.
    await documentClient(local.dynamo).send(
      new PutCommand({
        TableName: local.tables.executions,
        Item: { pk: 'f#busy', sk: 'state', status: 'Running', pending: true, version: 4 },
      }),
    );
    // Current layout: one with a pending outbox of commit 2, one with an event waiting in its inbox.
    const outbox = { events: [], commands: [{ type: 'Finish' as const, status: 'Succeeded' as const }] };
    await executions.create({
      ...contractRecord('committed', NOW),
      outboxes: [{ ...outbox, version: 1, committedAt: NOW, calls: [] }],
    });
    await executions.create(contractRecord('waiting', NOW));
    await executions.appendInbox(key('waiting'), { id: 'e', event: { type: 'TimerFired', timerId: 't' } });
    const timers = new DynamoTimerRecords(local.dynamo, local.tables.executions);
    await timers.schedule({ executionKey: key('quiet'), timerId: 'a', fireAt: NOW - 2 });
    await timers.schedule({ executionKey: key('quiet'), timerId: 'b', fireAt: NOW });
    await timers.schedule({ executionKey: key('later'), timerId: 'c', fireAt: NOW + 1 });
    const tokens = new DynamoTokenStore(local.dynamo, local.tables.tokens);
    const registration = { executionKey: key('quiet'), scheduleEventId: 3, stepName: 'task' };
    await tokens.register({ ...registration, tokenHash: 'late', deadline: NOW - 1, heartbeatSeconds: 5 });
    await tokens.register({ ...registration, tokenHash: 'due', deadline: NOW });
    await tokens.register({ ...registration, tokenHash: 'early', deadline: NOW + 1 });
    await tokens.register({ ...registration, tokenHash: 'forever' });
    await tokens.register({ ...registration, tokenHash: 'ended', deadline: NOW - 1 });
    await tokens.end('ended', { kind: 'timedOut' }, key('quiet'), NOW - 1);
  });

  after(async () => {
    await local?.stop();
  });

  it('a page of the executions table: pending outboxes with their version, executions with due timers once', async () => {
    const page = await scans.executionsPage(undefined, 100, NOW);

    assert.equal(page.next, undefined);
    const versions = new Map(
      page.pendingOutboxes.map((sighting) => [sighting.executionKey.executionName, sighting.version]),
    );
    assert.deepEqual([...versions.keys()].sort(), ['busy', 'committed', 'waiting']);
    assert.deepEqual([versions.get('busy'), versions.get('committed'), versions.get('waiting')], [4, 1, 1]);
    assert.deepEqual(page.dueTimers, [key('quiet')]);
  });

  it('pages of `limit` items from the cursor reach the end of the table; item keys stay the same', async () => {
    const pending: string[] = [];
    const due = new Set<string>();
    let cursor: ScanCursor;
    let pages = 0;
    do {
      const page = await scans.executionsPage(cursor, 1, NOW);
      pending.push(...page.pendingOutboxes.map((sighting) => sighting.itemKey));
      for (const name of names(page.dueTimers)) due.add(name);
      cursor = page.next;
      pages += 1;
    } while (cursor !== undefined);

    assert.ok(pages >= 5, `one item per page: ${pages} pages`);
    const again = (await scans.executionsPage(undefined, 100, NOW)).pendingOutboxes;
    assert.deepEqual(
      pending,
      again.map((sighting) => sighting.itemKey),
    );
    assert.deepEqual([...due], ['quiet']);
  });

  it('a page of the tokens table: waiting tokens whose deadline is at or before now, as records', async () => {
    const found: TokenRecord[] = [];
    let cursor: ScanCursor;
    do {
      const page = await scans.expiredTokensPage(cursor, 2, NOW);
      found.push(...page.tokens);
      cursor = page.next;
    } while (cursor !== undefined);

    assert.deepEqual(
      found.sort((a, b) => a.tokenHash.localeCompare(b.tokenHash)),
      [
        {
          tokenHash: 'due',
          executionKey: key('quiet'),
          scheduleEventId: 3,
          stepName: 'task',
          status: 'waiting',
          deadline: NOW,
        },
        {
          tokenHash: 'late',
          executionKey: key('quiet'),
          scheduleEventId: 3,
          stepName: 'task',
          status: 'waiting',
          deadline: NOW - 1,
          heartbeatSeconds: 5,
        },
      ],
    );
  });
});

describe('ExecutionIndexEntries (on dynalite)', () => {
  let local: AwsLocal;
  let index: ExecutionIndexEntries;

  /** Every entry of the index with its item, by execution name. */
  const listed = async (): Promise<Map<string, ListedExecution>> => {
    const found = new Map<string, ListedExecution>();
    for await (const batch of index.batches()) {
      for (const each of batch) found.set(String(each.entry.startKey).split('#')[1] ?? '', each);
    }
    return found;
  };

  before(async () => {
    local = await startAwsLocal();
    index = new ExecutionIndexEntries(local.dynamo, local.tables.executions);
    const executions = new DynamoExecutionStore(local.dynamo, local.tables.executions);
    await executions.create(contractRecord('e1', NOW));
    await executions.create(contractRecord('e2', NOW + 1));
  });

  after(async () => {
    await local?.stop();
  });

  it('lists every entry with its item; entries written by the store show their items as they are', async () => {
    const entries = await listed();

    assert.deepEqual([...entries.keys()].sort(), ['e1', 'e2']);
    for (const each of entries.values()) assert.equal(index.faultOf(each), undefined);
  });

  it('tells an entry without an item, one under another key and one with an older status apart', async () => {
    const e1 = (await listed()).get('e1');
    assert.ok(e1?.item);

    assert.equal(index.faultOf({ entry: e1.entry, item: undefined }), 'missing');
    assert.equal(index.faultOf({ entry: e1.entry, item: { ...e1.item, status: undefined } }), 'missing');
    assert.equal(index.faultOf({ entry: e1.entry, item: { ...e1.item, startKey: '0#e1' } }), 'moved');
    assert.equal(index.faultOf({ entry: e1.entry, item: { ...e1.item, status: 'Succeeded' } }), 'outdated');
    assert.equal(index.faultOf({ entry: e1.entry, item: { ...e1.item, summary: '{}' } }), 'outdated');
  });

  it('deletes a missing entry through a placeholder, and leaves no item behind', async () => {
    const e1 = (await listed()).get('e1');
    assert.ok(e1);
    const ghost = { entry: { ...e1.entry, pk: 'f#ghost', startKey: `${NOW}#ghost` }, item: undefined };

    await index.deleteEntry(ghost);

    const got = await documentClient(local.dynamo).send(
      new GetCommand({ TableName: local.tables.executions, Key: { pk: 'f#ghost', sk: 'state' } }),
    );
    assert.equal(got.Item, undefined);
    assert.deepEqual([...(await listed()).keys()].sort(), ['e1', 'e2']);
  });

  it('never deletes a state item as a missing entry', async () => {
    const e1 = (await listed()).get('e1');
    assert.ok(e1);

    await assert.rejects(index.deleteEntry({ entry: e1.entry, item: { ...e1.item, status: undefined } }), {
      name: 'ConditionalCheckFailedException',
    });
    assert.ok((await listed()).get('e1')?.item);
  });

  it('rewrites an item’s index key as an entry’s, and back as its own', async () => {
    const e1 = (await listed()).get('e1');
    assert.ok(e1?.item);
    const earlier = {
      entry: { ...e1.entry, startKey: `0000${String(e1.entry.startKey).slice(4)}` },
      item: e1.item,
    };

    await index.rewriteIndexKey(earlier, 'entry');
    const moved = (await listed()).get('e1');
    await index.rewriteIndexKey(earlier, 'item');
    const back = (await listed()).get('e1');

    assert.equal(moved?.entry.startKey, earlier.entry.startKey);
    assert.equal(back?.entry.startKey, e1.entry.startKey);
    assert.deepEqual(back?.item, e1.item);
  });
});
