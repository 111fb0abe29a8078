/**
 * Many waiting executions, fast: a real execution is started and left waiting for its callback, then
 * its stored items (state item, history items, token record) are copied `count` times under new
 * execution names and new tokens, with BatchWriteItem on a client of the embedded DynamoDB. The tables
 * then hold exactly what that many waiting executions would hold — which is all a waiting execution is
 * (no process, no timer without a timeout) — in seconds instead of the many minutes that starting them
 * one by one through the API takes on two cores.
 */

import {
  type AttributeValue,
  BatchWriteItemCommand,
  DynamoDBClient,
  paginateQuery,
} from '@aws-sdk/client-dynamodb';
import { decodeJson, encodeJson } from '../../lib/adapters/aws/item-codec.ts';
import type { TableNames } from '../../lib/adapters/aws/tables.ts';
import type { ExecutionKey } from '../../lib/engine/types.ts';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from '../../lib/local/local-clients.ts';
import { randomIds } from '../../lib/runtime/random-ids.ts';
import { hashToken } from '../../lib/runtime/token-hash.ts';
import { pooled } from './stats.ts';

/** Items per BatchWriteItem. */
const BATCH = 25;

/** Copies of items written at the same time. */
const WRITERS = 4;

/** Writes items with BatchWriteItem, retrying unprocessed ones. */
async function writeAll(
  client: DynamoDBClient,
  table: string,
  items: Record<string, AttributeValue>[],
): Promise<void> {
  const batches = Math.ceil(items.length / BATCH);
  await pooled(batches, WRITERS, async (index) => {
    let requests = items.slice(index * BATCH, (index + 1) * BATCH).map((Item) => ({ PutRequest: { Item } }));
    while (requests.length > 0) {
      const written = await client.send(new BatchWriteItemCommand({ RequestItems: { [table]: requests } }));
      requests = (written.UnprocessedItems?.[table] ?? []) as typeof requests;
    }
  });
}

/** `text` with every replacement made. */
function replaceAll(text: string, replacements: [string, string][]): string {
  let result = text;
  for (const [from, to] of replacements) result = result.split(from).join(to);
  return result;
}

/** One attribute value with the replacements made, inside compressed JSON values too (`item-codec.ts`). */
function rewriteValue(value: AttributeValue, replacements: [string, string][]): AttributeValue {
  if (value.S !== undefined) return { S: replaceAll(value.S, replacements) };
  if (value.B !== undefined) {
    let text: string;
    try {
      text = JSON.stringify(decodeJson(value.B));
    } catch {
      return value;
    }
    const encoded = encodeJson(JSON.parse(replaceAll(text, replacements)));
    return typeof encoded === 'string' ? { S: encoded } : { B: encoded };
  }
  if (value.L !== undefined) return { L: value.L.map((element) => rewriteValue(element, replacements)) };
  if (value.M !== undefined) return { M: rewrite(value.M, replacements) };
  return value;
}

/** Replaces every occurrence of the template's name, token and hash in an item (values only). */
function rewrite(
  item: Record<string, AttributeValue>,
  replacements: [string, string][],
): Record<string, AttributeValue> {
  return Object.fromEntries(
    Object.entries(item).map(([name, value]) => [name, rewriteValue(value, replacements)]),
  );
}

/**
 * Copies the waiting execution `template` (its task token `token`) `count` times as `prefix0`…
 * @returns the keys of the copies.
 */
export async function cloneWaitingExecutions(
  endpoint: string,
  tables: TableNames,
  template: ExecutionKey,
  token: string,
  count: number,
  prefix: string,
): Promise<void> {
  const client = new DynamoDBClient({ region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS, endpoint });
  try {
    const pk = `${template.flowName}#${template.executionName}`;
    const executionItems: Record<string, AttributeValue>[] = [];
    for await (const page of paginateQuery(
      { client },
      {
        TableName: tables.executions,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': { S: pk } },
      },
    )) {
      executionItems.push(...(page.Items ?? []));
    }
    const hash = hashToken(token);
    const tokenItems: Record<string, AttributeValue>[] = [];
    for await (const page of paginateQuery(
      { client },
      {
        TableName: tables.tokens,
        KeyConditionExpression: 'tokenHash = :hash',
        ExpressionAttributeValues: { ':hash': { S: hash } },
      },
    )) {
      tokenItems.push(...(page.Items ?? []));
    }
    const tokenItem = tokenItems[0];
    const stateItem = executionItems.find((item) => item.sk?.S === 'state');
    const core = stateItem?.core?.S ?? stateItem?.core?.B;
    if (tokenItem === undefined || tokenItems.length !== 1 || core === undefined)
      throw new Error(`no waiting execution ${pk} to copy`);
    // Tokens derive from the execution's seed: each copy gets its own seed, and the token it gives.
    const seed = decodeJson<{ tokenSeed?: string }>(core).tokenSeed;
    if (seed === undefined) throw new Error(`the waiting execution ${pk} has no token seed`);
    const scheduleEventId = Number(tokenItem.scheduleEventId?.N);
    const ids = randomIds();
    const copies: Record<string, AttributeValue>[] = [];
    const tokenCopies: Record<string, AttributeValue>[] = [];
    for (let i = 0; i < count; i++) {
      const copySeed = ids.newSeed();
      const fresh = ids.tokenOf(copySeed, scheduleEventId);
      const replacements: [string, string][] = [
        [template.executionName, `${prefix}${i}`],
        [token, fresh.token],
        [hash, fresh.hash],
        [seed, copySeed],
      ];
      for (const item of executionItems) copies.push(rewrite(item, replacements));
      for (const item of tokenItems) tokenCopies.push(rewrite(item, replacements));
    }
    await writeAll(client, tables.tokens, tokenCopies);
    await writeAll(client, tables.executions, copies);
  } finally {
    client.destroy();
  }
}
