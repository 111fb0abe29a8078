/**
 * `FlowStore` on the DynamoDB flows table (`name` key): conditional create, update on `version`,
 * delete; `list` scans the table (flows are few) and pages by name.
 */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  ScanCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { FlowDefinition } from '../../fdl/types.ts';
import type { Page } from '../../ports/execution-store.ts';
import type { FlowChanges, FlowRecord, FlowStore, FlowUpdateResult } from '../../ports/flow-store.ts';
import { documentClient } from './document-client.ts';
import type { DynamoStoreOptions } from './dynamo-execution-store.ts';
import { DEFAULT_COMPRESS_ABOVE_BYTES, decodeJson, encodeJson, isConditionFailed } from './item-codec.ts';

/** The flow record of a stored item. */
export function flowRecordOf(item: Record<string, unknown>): FlowRecord {
  return {
    name: String(item.name),
    definitionText: decodeJson<string>(item.definitionText),
    definition: decodeJson<FlowDefinition>(item.definition),
    description: String(item.description ?? ''),
    createdTime: Number(item.createdTime),
    lastModifiedTime: Number(item.lastModifiedTime),
    version: Number(item.version),
  };
}

/** A flow store on DynamoDB. */
export class DynamoFlowStore implements FlowStore {
  readonly #db: DynamoDBDocumentClient;
  readonly #table: string;
  readonly #compressAbove: number;

  constructor(client: DynamoDBClient, tableName: string, options: DynamoStoreOptions = {}) {
    this.#db = documentClient(client);
    this.#table = tableName;
    this.#compressAbove = options.compressAboveBytes ?? DEFAULT_COMPRESS_ABOVE_BYTES;
  }

  async create(record: FlowRecord): Promise<{ created: boolean; record: FlowRecord }> {
    for (;;) {
      try {
        await this.#db.send(
          new PutCommand({
            TableName: this.#table,
            Item: {
              name: record.name,
              definitionText: encodeJson(record.definitionText, this.#compressAbove),
              definition: encodeJson(record.definition, this.#compressAbove),
              description: record.description,
              createdTime: record.createdTime,
              lastModifiedTime: record.lastModifiedTime,
              version: record.version,
            },
            ConditionExpression: 'attribute_not_exists(#name)',
            ExpressionAttributeNames: { '#name': 'name' },
          }),
        );
        return { created: true, record: structuredClone(record) };
      } catch (error) {
        if (!isConditionFailed(error)) throw error;
      }
      const existing = await this.get(record.name);
      if (existing !== undefined) return { created: false, record: existing };
    }
  }

  async get(name: string): Promise<FlowRecord | undefined> {
    const got = await this.#db.send(
      new GetCommand({ TableName: this.#table, Key: { name }, ConsistentRead: true }),
    );
    return got.Item === undefined ? undefined : flowRecordOf(got.Item);
  }

  async update(name: string, expectedVersion: number, changes: FlowChanges): Promise<FlowUpdateResult> {
    const names: Record<string, string> = {
      '#name': 'name',
      '#version': 'version',
      '#lastModifiedTime': 'lastModifiedTime',
    };
    const values: Record<string, unknown> = {
      ':expected': expectedVersion,
      ':next': expectedVersion + 1,
      ':lastModifiedTime': changes.lastModifiedTime,
    };
    const set = ['#version = :next', '#lastModifiedTime = :lastModifiedTime'];
    const field = (attribute: string, value: unknown): void => {
      names[`#${attribute}`] = attribute;
      values[`:${attribute}`] = value;
      set.push(`#${attribute} = :${attribute}`);
    };
    if (changes.definitionText !== undefined) {
      field('definitionText', encodeJson(changes.definitionText, this.#compressAbove));
    }
    if (changes.definition !== undefined)
      field('definition', encodeJson(changes.definition, this.#compressAbove));
    if (changes.description !== undefined) field('description', changes.description);
    try {
      const updated = await this.#db.send(
        new UpdateCommand({
          TableName: this.#table,
          Key: { name },
          UpdateExpression: `SET ${set.join(', ')}`,
          ConditionExpression: 'attribute_exists(#name) AND #version = :expected',
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values,
          ReturnValues: 'ALL_NEW',
        }),
      );
      return { ok: true, record: flowRecordOf(updated.Attributes ?? {}) };
    } catch (error) {
      if (!isConditionFailed(error)) throw error;
    }
    const current = await this.get(name);
    if (current === undefined) return { ok: false, notFound: true };
    return { ok: false, conflict: true, currentVersion: current.version };
  }

  async delete(name: string): Promise<boolean> {
    const deleted = await this.#db.send(
      new DeleteCommand({ TableName: this.#table, Key: { name }, ReturnValues: 'ALL_OLD' }),
    );
    return deleted.Attributes !== undefined;
  }

  async list(limit: number, after?: string): Promise<Page<FlowRecord, string>> {
    const records: FlowRecord[] = [];
    let exclusiveStartKey: Record<string, unknown> | undefined;
    do {
      const page = await this.#db.send(
        new ScanCommand({
          TableName: this.#table,
          ConsistentRead: true,
          ...(after !== undefined
            ? {
                FilterExpression: '#name > :after',
                ExpressionAttributeNames: { '#name': 'name' },
                ExpressionAttributeValues: { ':after': after },
              }
            : {}),
          ...(exclusiveStartKey !== undefined ? { ExclusiveStartKey: exclusiveStartKey } : {}),
        }),
      );
      for (const item of page.Items ?? []) records.push(flowRecordOf(item));
      exclusiveStartKey = page.LastEvaluatedKey;
    } while (exclusiveStartKey !== undefined);
    records.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    const items = records.slice(0, limit);
    const last = items.at(-1);
    return { items, ...(records.length > items.length && last !== undefined ? { next: last.name } : {}) };
  }
}
