/**
 * `NonceStore` on the executions table: one item per nonce, `pk` = `~nonce#<accessKeyId>#<nonce>`
 * (`~` starts no flow name, so no execution's partition), `sk` = `nonce`, with the table's TTL attribute.
 * A conditional put claims it; an item past its expiry counts as absent (TTL deletion is lazy). The
 * recovery scans look only at `state` and `t#` sort keys, and the `byFlow` index is sparse, so these items
 * are invisible to everything else.
 */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { NonceStore } from '../../ports/nonce-store.ts';
import { documentClient } from './document-client.ts';
import { isConditionFailed } from './item-codec.ts';
import { TTL_ATTRIBUTE } from './tables.ts';

/** The partition key of a nonce. */
export function noncePk(accessKeyId: string, nonce: string): string {
  return `~nonce#${accessKeyId}#${nonce}`;
}

/** The sort key of every nonce item. */
export const NONCE_SK = 'nonce';

/** Nonces on DynamoDB. */
export class DynamoNonceStore implements NonceStore {
  readonly #db: DynamoDBDocumentClient;
  readonly #table: string;
  readonly #now: () => number;

  constructor(client: DynamoDBClient, tableName: string, now: () => number = () => Date.now()) {
    this.#db = documentClient(client);
    this.#table = tableName;
    this.#now = now;
  }

  async claim(accessKeyId: string, nonce: string, expiresAt: number): Promise<boolean> {
    try {
      await this.#db.send(
        new PutCommand({
          TableName: this.#table,
          Item: {
            pk: noncePk(accessKeyId, nonce),
            sk: NONCE_SK,
            [TTL_ATTRIBUTE]: Math.ceil(expiresAt / 1000),
          },
          ConditionExpression: 'attribute_not_exists(pk) OR #ttl < :now',
          ExpressionAttributeNames: { '#ttl': TTL_ATTRIBUTE },
          ExpressionAttributeValues: { ':now': Math.floor(this.#now() / 1000) },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailed(error)) return false;
      throw error;
    }
  }
}
