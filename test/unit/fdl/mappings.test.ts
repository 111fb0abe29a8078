import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isJsonObject, jsonByteLength, MAX_PAYLOAD_BYTES } from '../../../lib/fdl/json-values.ts';
import { applyMappings, defaultInput, mergeInto, resolveServiceParams } from '../../../lib/fdl/mappings.ts';
import type { MappingScope } from '../../../lib/fdl/paths.ts';
import type { Json, JsonObject } from '../../../lib/fdl/types.ts';

function scope(input: Json, local: Json = {}, context: JsonObject = {}): MappingScope {
  return { input, local, context };
}

describe('applyMappings', () => {
  it('produces one key per target', () => {
    const produced = applyMappings(
      [
        { target: 'name', source: '$.user.name' },
        { target: 'count', source: '$local.n' },
      ],
      scope({ user: { name: 'Ana' } }, { n: 3 }),
    );
    assert.deepEqual(produced, { name: 'Ana', count: 3 });
  });

  it('maps constants of every JSON type', () => {
    const produced = applyMappings(
      [
        { target: 's', source: 'pass1' },
        { target: 'n', source: 7 },
        { target: 'b', source: false },
        { target: 'z', source: null },
        { target: 'a', source: ['A', 'B', 'C'] },
        { target: 'o', source: { k: 'v' } },
      ],
      scope({}),
    );
    assert.deepEqual(produced, { s: 'pass1', n: 7, b: false, z: null, a: ['A', 'B', 'C'], o: { k: 'v' } });
  });

  it('leaves the target absent when a path matches nothing: no error, no null', () => {
    const produced = applyMappings(
      [
        { target: 'missing', source: '$.nope' },
        { target: 'kept', source: '$.yes' },
      ],
      scope({ yes: 1 }),
    );
    assert.deepEqual(produced, { kept: 1 });
    assert.equal(Object.hasOwn(produced, 'missing'), false);
  });

  it('maps a wildcard that matches nothing to an empty array', () => {
    assert.deepEqual(applyMappings([{ target: 'r', source: '$local[*].result' }], scope({}, [])), { r: [] });
  });

  it('builds the parallel example: `$local[*].result` → `["pass1","pass2"]`', () => {
    const local = [{ result: 'pass1' }, { result: 'pass2' }];
    assert.deepEqual(applyMappings([{ target: 'result', source: '$local[*].result' }], scope({}, local)), {
      result: ['pass1', 'pass2'],
    });
  });

  it('builds nested objects for a dotted target', () => {
    const produced = applyMappings(
      [
        { target: 'order.id', source: '$.id' },
        { target: 'order.customer.name', source: 'Ana' },
        { target: 'flat', source: 1 },
      ],
      scope({ id: 'o-1' }),
    );
    assert.deepEqual(produced, { order: { id: 'o-1', customer: { name: 'Ana' } }, flat: 1 });
  });

  it('lets a later mapping win on the same key', () => {
    const produced = applyMappings(
      [
        { target: 'k', source: 'first' },
        { target: 'k', source: 'second' },
      ],
      scope({}),
    );
    assert.deepEqual(produced, { k: 'second' });
  });

  it('keeps an earlier value when a later mapping of the same key finds nothing', () => {
    const produced = applyMappings(
      [
        { target: 'k', source: 'first' },
        { target: 'k', source: '$.nope' },
      ],
      scope({}),
    );
    assert.deepEqual(produced, { k: 'first' });
  });

  it('replaces a scalar with an object when a later dotted target goes through it', () => {
    const produced = applyMappings(
      [
        { target: 'a', source: 1 },
        { target: 'a.b', source: 2 },
      ],
      scope({}),
    );
    assert.deepEqual(produced, { a: { b: 2 } });
  });

  it('does not mutate the scope, even when a dotted target extends an object read from it', () => {
    const input = { obj: { x: 1 }, list: [1] };
    const before = structuredClone(input);
    const produced = applyMappings(
      [
        { target: 'o', source: '$.obj' },
        { target: 'o.y', source: 2 },
      ],
      scope(input),
    );
    assert.deepEqual(produced, { o: { x: 1, y: 2 } });
    assert.deepEqual(input, before);
  });

  it('returns an empty object for no mappings', () => {
    assert.deepEqual(applyMappings([], scope({ a: 1 }, { b: 2 })), {});
  });

  it('makes `__proto__` an ordinary key, never a prototype', () => {
    const produced = applyMappings([{ target: '__proto__', source: { polluted: true } }], scope({}));
    assert.equal(Object.getPrototypeOf(produced), Object.prototype);
    assert.deepEqual(Object.keys(produced), ['__proto__']);
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
  });

  it('maps a `$context` path (the callback token)', () => {
    const produced = applyMappings(
      [{ target: 'taskToken', source: '$context.task.token' }],
      scope({}, {}, { task: { token: 'tok' } }),
    );
    assert.deepEqual(produced, { taskToken: 'tok' });
  });
});

describe('defaultInput', () => {
  it('merges the parent local into the parent input, local winning on a clash', () => {
    assert.deepEqual(defaultInput({ a: 1, b: 'input' }, { b: 'local', c: 3 }), { a: 1, b: 'local', c: 3 });
  });

  it('is shallow: a local object replaces the input object whole', () => {
    assert.deepEqual(defaultInput({ o: { x: 1, y: 1 } }, { o: { x: 2 } }), { o: { x: 2 } });
  });

  it('returns a new object and leaves its arguments alone', () => {
    const input = { a: 1 };
    const local = { b: 2 };
    const merged = defaultInput(input, local);
    assert.notEqual(merged, input);
    assert.deepEqual(input, { a: 1 });
    assert.deepEqual(local, { b: 2 });
  });
});

describe('mergeInto', () => {
  it('merges an output into a local shallowly, the output winning', () => {
    assert.deepEqual(mergeInto({ a: 1, b: { x: 1 } }, { b: { y: 2 }, c: 3 }), { a: 1, b: { y: 2 }, c: 3 });
  });

  it('returns a new object and does not mutate the local', () => {
    const local = { a: 1 };
    const merged = mergeInto(local, { a: 2 });
    assert.deepEqual(merged, { a: 2 });
    assert.deepEqual(local, { a: 1 });
  });
});

describe('resolveServiceParams', () => {
  const mapped = { body: 'hello', n: 2, nested: { k: 'v' } };

  it('resolves `$` to the whole mapped input', () => {
    assert.deepEqual(resolveServiceParams({ MessageBody: '$' }, mapped), { MessageBody: mapped });
  });

  it('resolves `$.x` and `$input.x` paths into the mapped input', () => {
    assert.deepEqual(resolveServiceParams({ a: '$.body', b: '$input.nested.k' }, mapped), {
      a: 'hello',
      b: 'v',
    });
  });

  it('leaves a key absent when its path finds nothing', () => {
    assert.deepEqual(resolveServiceParams({ a: '$.nope', b: '$.n' }, mapped), { b: 2 });
  });

  it('keeps constants as they are, arrays included', () => {
    const params = { Priority: 8, Tag: 'x', On: true, Z: null, List: ['$.body'] };
    assert.deepEqual(resolveServiceParams(params, mapped), params);
  });

  it('resolves nested objects recursively', () => {
    assert.deepEqual(resolveServiceParams({ outer: { inner: '$.n', missing: '$.nope', c: 1 } }, mapped), {
      outer: { inner: 2, c: 1 },
    });
  });

  it('resolves a wildcard to an array', () => {
    assert.deepEqual(resolveServiceParams({ all: '$.l[*].v' }, { l: [{ v: 1 }, { v: 2 }] }), { all: [1, 2] });
  });

  it('sees no local and no context: such keys are absent', () => {
    assert.deepEqual(resolveServiceParams({ a: '$local.x', b: '$context.task.token', c: 1 }, { x: 1 }), {
      c: 1,
    });
  });
});

describe('payload helpers', () => {
  it('measures the UTF-8 bytes of the JSON text', () => {
    assert.equal(jsonByteLength({ a: 1 }), 7);
    assert.equal(jsonByteLength('é'), 4, 'two quotes + a two-byte character');
    assert.equal(jsonByteLength('😀'), 6, 'two quotes + a four-byte character');
    assert.equal(jsonByteLength(null), 4);
  });

  it('limits payloads to 256 KiB', () => {
    assert.equal(MAX_PAYLOAD_BYTES, 262_144);
    assert.ok(jsonByteLength('x'.repeat(MAX_PAYLOAD_BYTES)) > MAX_PAYLOAD_BYTES);
  });

  it('recognises JSON objects only', () => {
    assert.equal(isJsonObject({}), true);
    assert.equal(isJsonObject({ a: [1] }), true);
    for (const value of [null, [], 'x', 1, true, undefined]) assert.equal(isJsonObject(value), false);
  });
});
