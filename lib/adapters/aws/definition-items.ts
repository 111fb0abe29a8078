/**
 * Flow definitions stored once per version, addressed by the hash of their JSON: an execution's
 * state item names its definition by hash instead of carrying a copy, so that a start writes the
 * definition at most once per flow version and every later commit leaves it out. Definitions are
 * immutable, so each process keeps the ones it has read or written.
 */
import { createHash } from 'node:crypto';
import { type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { FlowDefinition } from '../../fdl/types.ts';
import { decodeJson, encodeJson, isConditionFailed } from './item-codec.ts';

/** `pk` prefix of definition items in the executions table (`~` starts no flow name). */
export const DEFINITION_PK_PREFIX = '~def#';

/** `sk` of a definition item. */
export const DEFINITION_SK = 'definition';

/** Definitions kept per process (each a few KB; flows are few). */
const CACHE_LIMIT = 500;

/** The hash a definition is stored under (SHA-256 of its JSON, base64url). */
export function definitionHash(definition: FlowDefinition): string {
  return createHash('sha256').update(JSON.stringify(definition)).digest('base64url');
}

/** Definition items of one table, with a per-process cache. */
export class DefinitionItems {
  readonly #db: DynamoDBDocumentClient;
  readonly #table: string;
  readonly #compressAbove: number;
  readonly #known = new Map<string, FlowDefinition>();

  constructor(db: DynamoDBDocumentClient, table: string, compressAbove: number) {
    this.#db = db;
    this.#table = table;
    this.#compressAbove = compressAbove;
  }

  /** Stores `definition` unless it is stored already. @returns its hash. */
  async put(definition: FlowDefinition): Promise<string> {
    const hash = definitionHash(definition);
    if (this.#known.has(hash)) return hash;
    try {
      await this.#db.send(
        new PutCommand({
          TableName: this.#table,
          Item: {
            pk: `${DEFINITION_PK_PREFIX}${hash}`,
            sk: DEFINITION_SK,
            definition: encodeJson(definition, this.#compressAbove),
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
    } catch (error) {
      if (!isConditionFailed(error)) throw error;
    }
    this.#remember(hash, definition);
    return hash;
  }

  /** The definition stored under `hash`. Throws if it is missing (a corrupted table). */
  async get(hash: string): Promise<FlowDefinition> {
    const known = this.#known.get(hash);
    if (known !== undefined) return known;
    const got = await this.#db.send(
      new GetCommand({
        TableName: this.#table,
        Key: { pk: `${DEFINITION_PK_PREFIX}${hash}`, sk: DEFINITION_SK },
      }),
    );
    if (got.Item === undefined) throw new Error(`definition ${hash} is missing from table ${this.#table}`);
    const definition = decodeJson<FlowDefinition>(got.Item.definition);
    this.#remember(hash, definition);
    return definition;
  }

  #remember(hash: string, definition: FlowDefinition): void {
    if (this.#known.size >= CACHE_LIMIT) this.#known.clear();
    this.#known.set(hash, definition);
  }
}
