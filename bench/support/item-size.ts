/**
 * The size DynamoDB counts for a stored item, from its low-level attribute values (GetItem without the
 * document client), by the documented rules: names and strings by UTF-8 bytes, binaries by bytes,
 * numbers about 1 byte per 2 digits + 1, booleans and nulls 1 byte, lists and maps 3 bytes + 1 per
 * element + their elements. (`itemSize` in item-codec.ts counts a nested value by its JSON text, which
 * is right for nested strings but counts a nested binary, e.g. a gzipped outbox in the `outboxes` map,
 * several times over.)
 */
import type { AttributeValue } from '@aws-sdk/client-dynamodb';

/** The size of one attribute value. */
export function attributeValueSize(value: AttributeValue): number {
  if (value.S !== undefined) return Buffer.byteLength(value.S, 'utf8');
  if (value.B !== undefined) return value.B.byteLength;
  if (value.N !== undefined) return Math.ceil(value.N.replace(/^-|\./g, '').length / 2) + 1;
  if (value.BOOL !== undefined || value.NULL !== undefined) return 1;
  if (value.L !== undefined)
    return value.L.reduce((sum, element) => sum + 1 + attributeValueSize(element), 3);
  if (value.M !== undefined) return 3 + storedItemSize(value.M) + Object.keys(value.M).length;
  if (value.SS !== undefined) return value.SS.reduce((sum, text) => sum + Buffer.byteLength(text, 'utf8'), 0);
  if (value.NS !== undefined) return value.NS.reduce((sum, text) => sum + Math.ceil(text.length / 2) + 1, 0);
  if (value.BS !== undefined) return value.BS.reduce((sum, bytes) => sum + bytes.byteLength, 0);
  return 0;
}

/** The size of an item: its attribute names plus their values. */
export function storedItemSize(item: Record<string, AttributeValue>): number {
  let size = 0;
  for (const [name, value] of Object.entries(item))
    size += Buffer.byteLength(name, 'utf8') + attributeValueSize(value);
  return size;
}
