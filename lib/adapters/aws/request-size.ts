/**
 * DynamoDB item sizes as AWS bills them (attribute name bytes + value bytes), and an estimate of the
 * write units a request costs in a global secondary index, from the request alone. dynalite reports
 * the capacity of the table but none for indexes, so the request meter adds this estimate: a write of
 * an item that has the index's keys, or an update that sets a projected attribute, rewrites the index
 * entry (keys and projected attributes), 1 write unit per KB rounded up.
 */

/** A GSI as the meter sees it. */
export interface IndexProjection {
  table: string;
  index: string;
  /** The index's key attributes (an item without them is not in the index). */
  keys: readonly string[];
  /** Every attribute of an index entry: table keys, index keys and projected attributes. */
  attributes: readonly string[];
}

/** One KB, the unit of a write. */
const WRITE_UNIT_BYTES = 1024;

/** The size of a number as DynamoDB stores it: about one byte per two significant digits, plus one. */
function numberSize(text: string): number {
  const digits = text
    .replace(/^-/, '')
    .replace(/[eE].*$/, '')
    .replace('.', '')
    .replace(/^0+/, '');
  return Math.max(1, Math.ceil(digits.replace(/0+$/, '').length / 2) + 1);
}

/** The size in bytes of one attribute value in DynamoDB JSON (`{S: …}`, `{N: …}`, `{M: …}`, …). */
export function attributeValueSize(value: unknown): number {
  const [type, inner] = Object.entries((value ?? {}) as Record<string, unknown>)[0] ?? ['NULL', true];
  switch (type) {
    case 'S':
      return Buffer.byteLength(String(inner));
    case 'N':
      return numberSize(String(inner));
    case 'B':
      return typeof inner === 'string' ? Buffer.from(inner, 'base64').length : 0;
    case 'SS':
      return (inner as string[]).reduce((sum, text) => sum + Buffer.byteLength(text), 0);
    case 'NS':
      return (inner as string[]).reduce((sum, text) => sum + numberSize(text), 0);
    case 'BS':
      return (inner as string[]).reduce((sum, text) => sum + Buffer.from(text, 'base64').length, 0);
    case 'L':
      return 3 + (inner as unknown[]).reduce((sum: number, item) => sum + 1 + attributeValueSize(item), 0);
    case 'M':
      return 3 + itemSize(inner as Record<string, unknown>) + Object.keys(inner as object).length;
    default:
      return 1;
  }
}

/** The size in bytes of an item (names and values) in DynamoDB JSON. */
export function itemSize(item: Record<string, unknown>): number {
  return Object.entries(item).reduce(
    (sum, [name, value]) => sum + Buffer.byteLength(name) + attributeValueSize(value),
    0,
  );
}

/** Write units of an index entry made of `item`'s attributes among `attributes`. */
function entryUnits(item: Record<string, unknown>, attributes: readonly string[]): number {
  const entry = Object.fromEntries(Object.entries(item).filter(([name]) => attributes.includes(name)));
  return Math.max(1, Math.ceil(itemSize(entry) / WRITE_UNIT_BYTES));
}

/** Index write units of a put of `item` into `table`. */
function putUnits(table: string, item: Record<string, unknown>, indexes: readonly IndexProjection[]): number {
  return indexes
    .filter((index) => index.table === table && index.keys.every((key) => key in item))
    .reduce((sum, index) => sum + entryUnits(item, index.attributes), 0);
}

/** The attributes an update's `SET` assigns plainly (`#a = :v`), with their values. */
function setAssignments(body: Record<string, unknown>): Record<string, unknown> {
  const expression = String(body.UpdateExpression ?? '');
  const set = /\bSET\s+(.*?)(?=\s+(?:REMOVE|ADD|DELETE)\s|$)/i.exec(expression)?.[1] ?? '';
  const names = (body.ExpressionAttributeNames ?? {}) as Record<string, string>;
  const values = (body.ExpressionAttributeValues ?? {}) as Record<string, unknown>;
  const assigned: Record<string, unknown> = {};
  for (const match of set.matchAll(/([#\w]+)\s*=\s*(:\w+)/g)) {
    const name = match[1] ?? '';
    assigned[names[name] ?? name] = values[match[2] ?? ''];
  }
  return assigned;
}

/** Estimated index write units of a DynamoDB write request (0 for reads and deletes). */
export function indexWriteUnits(
  operation: string,
  body: Record<string, unknown>,
  indexes: readonly IndexProjection[],
): number {
  if (indexes.length === 0) return 0;
  const table = String(body.TableName ?? '');
  switch (operation) {
    case 'PutItem':
      return putUnits(table, (body.Item ?? {}) as Record<string, unknown>, indexes);
    case 'UpdateItem': {
      const assigned = setAssignments(body);
      return indexes
        .filter(
          (index) =>
            index.table === table && Object.keys(assigned).some((name) => index.attributes.includes(name)),
        )
        .reduce(
          (sum, index) => sum + entryUnits({ ...(body.Key as object), ...assigned }, index.attributes),
          0,
        );
    }
    case 'BatchWriteItem': {
      const requests = (body.RequestItems ?? {}) as Record<string, { PutRequest?: { Item?: object } }[]>;
      let units = 0;
      for (const [name, writes] of Object.entries(requests)) {
        for (const write of writes) {
          if (write.PutRequest?.Item)
            units += putUnits(name, write.PutRequest.Item as Record<string, unknown>, indexes);
        }
      }
      return units;
    }
    default:
      return 0;
  }
}
