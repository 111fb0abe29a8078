/**
 * What the engine's tables hold after a run, in bytes as DynamoDB bills storage: each item's size
 * (names + values) plus 100 bytes of overhead, and the same for each entry of a global secondary index.
 */
import { type AttributeValue, DynamoDBClient, paginateScan } from '@aws-sdk/client-dynamodb';
import { engineIndexProjections } from '../../lib/adapters/aws/request-meter.ts';
import { itemSize } from '../../lib/adapters/aws/request-size.ts';
import type { TableNames } from '../../lib/adapters/aws/tables.ts';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from '../../lib/local/local-clients.ts';

/** DynamoDB's per-item storage overhead, in bytes. */
export const ITEM_OVERHEAD_BYTES = 100;

/** Stored bytes (items and index entries) of the engine's tables at `endpoint`. */
export async function storedBytes(endpoint: string, tables: TableNames): Promise<number> {
  const client = new DynamoDBClient({ region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS, endpoint });
  const indexes = engineIndexProjections(tables);
  let bytes = 0;
  try {
    for (const table of Object.values(tables)) {
      for await (const page of paginateScan({ client }, { TableName: table })) {
        for (const item of page.Items ?? []) {
          const record = item as Record<string, AttributeValue>;
          bytes += itemSize(record) + ITEM_OVERHEAD_BYTES;
          for (const index of indexes) {
            if (index.table !== table || !index.keys.every((key) => key in record)) continue;
            const entry = Object.fromEntries(
              Object.entries(record).filter(([name]) => index.attributes.includes(name)),
            );
            bytes += itemSize(entry) + ITEM_OVERHEAD_BYTES;
          }
        }
      }
    }
  } finally {
    client.destroy();
  }
  return bytes;
}
