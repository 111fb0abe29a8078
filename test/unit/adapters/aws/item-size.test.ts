/**
 * `itemSize` counts an item the way DynamoDB does (names plus values, nested maps and lists by their
 * elements): a map of gzipped binaries is its bytes, not their JSON text (which is ~4 times larger and
 * once refused a foreach of 1,000 waiting tasks at start).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { encodeJson, itemSize } from '../../../../lib/adapters/aws/item-codec.ts';

describe('itemSize', () => {
  it('counts binaries nested in maps and lists by their bytes', () => {
    const blob = new Uint8Array(10_000);
    const size = itemSize({ outboxes: { v1: blob, v2: blob }, inbox: [blob] });
    assert.ok(size >= 30_000 && size < 30_100, `measured ${size}`);
  });

  it('counts strings, numbers and attribute names', () => {
    assert.equal(itemSize({ pk: 'f#e1' }), 2 + 4);
    assert.equal(itemSize({ n: 5 }), 1 + 21);
    const text = encodeJson({ a: 'x'.repeat(50) });
    assert.equal(itemSize({ s: text }), 1 + Buffer.byteLength(String(text)));
  });
});
