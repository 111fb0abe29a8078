import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type MappingScope, readSource } from '../../../lib/fdl/paths.ts';
import type { Json, JsonObject } from '../../../lib/fdl/types.ts';

function scope(input: Json, local: Json = {}, context: JsonObject = {}): MappingScope {
  return { input, local, context };
}

describe('readSource', () => {
  describe('constants', () => {
    it('returns every non-string JSON value as it is', () => {
      for (const value of [42, -1.5, 0, true, false, null, [1, 'a'], { a: { b: 1 } }, []] as Json[]) {
        assert.deepEqual(readSource(value, scope({ a: 1 })), { found: true, value });
      }
    });

    it('returns strings that do not start with `$` as they are', () => {
      for (const value of ['pass1', '', 'a.b', ' $.a', 'x$.a', '#$']) {
        assert.deepEqual(readSource(value, scope({ a: 1 })), { found: true, value });
      }
    });

    it('returns an array constant that holds `$` strings without reading them', () => {
      assert.deepEqual(readSource(['$.a'], scope({ a: 1 })), { found: true, value: ['$.a'] });
    });
  });

  describe('roots', () => {
    const input = { a: { b: 'from input' }, x: 1 };
    const local = { a: { b: 'from local' } };
    const context = { task: { token: 'tok-1' }, execution: { name: 'run-1' } };

    it('reads `$.x` from the input', () => {
      assert.deepEqual(readSource('$.a.b', scope(input, local)), { found: true, value: 'from input' });
    });

    it('treats `$input.x` exactly like `$.x`', () => {
      assert.deepEqual(
        readSource('$input.a.b', scope(input, local)),
        readSource('$.a.b', scope(input, local)),
      );
      assert.deepEqual(readSource('$input["a"]', scope(input)), readSource('$["a"]', scope(input)));
    });

    it('reads `$` and `$input` alone as the whole input', () => {
      assert.deepEqual(readSource('$', scope(input)), { found: true, value: input });
      assert.deepEqual(readSource('$input', scope(input)), { found: true, value: input });
    });

    it('reads `$local…` from the local', () => {
      assert.deepEqual(readSource('$local.a.b', scope(input, local)), { found: true, value: 'from local' });
      assert.deepEqual(readSource('$local', scope(input, local)), { found: true, value: local });
    });

    it('reads `$local` when the local is an array (parallel, foreach)', () => {
      assert.deepEqual(readSource('$local[1]', scope({}, ['a', 'b'])), { found: true, value: 'b' });
    });

    it('reads `$context…` from the context object', () => {
      assert.deepEqual(readSource('$context.task.token', scope(input, local, context)), {
        found: true,
        value: 'tok-1',
      });
      assert.deepEqual(readSource('$context.execution.name', scope(input, local, context)), {
        found: true,
        value: 'run-1',
      });
    });
  });

  describe('single-valued paths', () => {
    const input = {
      a: { 'key with space': 1, 'dot.key': 2 },
      items: [{ x: 'first' }, { x: 'second' }],
      z: null,
    };

    it('reads bracketed keys, quoted either way', () => {
      assert.deepEqual(readSource('$.a["key with space"]', scope(input)), { found: true, value: 1 });
      assert.deepEqual(readSource("$.a['dot.key']", scope(input)), { found: true, value: 2 });
    });

    it('reads array indices', () => {
      assert.deepEqual(readSource('$.items[1].x', scope(input)), { found: true, value: 'second' });
    });

    it('finds a key whose value is `null`', () => {
      assert.deepEqual(readSource('$.z', scope(input)), { found: true, value: null });
    });

    it('finds nothing for a missing key, a missing index or a key below a scalar', () => {
      for (const path of ['$.nope', '$.a.nope', '$.items[2]', '$.z.y', '$.a["key with space"].deeper']) {
        assert.deepEqual(readSource(path, scope(input)), { found: false }, path);
      }
    });

    it('sees only JSON members: no `length` of arrays or strings, no inherited properties', () => {
      const data = { items: [1, 2], s: 'abc', o: {} };
      for (const path of ['$.items.length', '$.s.length', '$.s[0]', '$.o.constructor', '$.o.__proto__']) {
        assert.deepEqual(readSource(path, scope(data)), { found: false }, path);
      }
    });

    it('finds nothing for a path that does not parse (refused at validation)', () => {
      assert.deepEqual(readSource('$.a[?(@.x)]', scope({ a: [] })), { found: false });
      assert.deepEqual(readSource('$5.00', scope({})), { found: false });
    });
  });

  describe('wildcards', () => {
    it('collects a field over an array local (the parallel example)', () => {
      const local = [{ result: 'pass1' }, { result: 'pass2' }];
      assert.deepEqual(readSource('$local[*].result', scope({}, local)), {
        found: true,
        value: ['pass1', 'pass2'],
      });
    });

    it('yields an empty array when nothing matches', () => {
      assert.deepEqual(readSource('$local[*].result', scope({}, [])), { found: true, value: [] });
      assert.deepEqual(readSource('$.items[*].x', scope({})), { found: true, value: [] });
      assert.deepEqual(readSource('$.items[*].nope', scope({ items: [{ x: 1 }] })), {
        found: true,
        value: [],
      });
    });

    it('yields an array even for a single match', () => {
      assert.deepEqual(readSource('$.items[*]', scope({ items: ['only'] })), {
        found: true,
        value: ['only'],
      });
    });

    it('yields an array over a scalar or `null` root', () => {
      assert.deepEqual(readSource('$local[*]', scope({}, null)), { found: true, value: [] });
      assert.deepEqual(readSource('$local[*]', scope({}, 0)), { found: true, value: [] });
    });

    it('reads `.*` over the values of an object', () => {
      assert.deepEqual(readSource('$.o.*', scope({ o: { a: 1, b: 2 } })), { found: true, value: [1, 2] });
    });

    it('reads `..` (descendants) as an array', () => {
      const input = { a: { x: 1, b: { x: 2 } }, c: [{ x: 3 }] };
      assert.deepEqual(readSource('$..x', scope(input)), { found: true, value: [1, 2, 3] });
    });

    it('reads slices as an array', () => {
      assert.deepEqual(readSource('$.l[1:3]', scope({ l: [0, 1, 2, 3] })), { found: true, value: [1, 2] });
      assert.deepEqual(readSource('$.l[-1:]', scope({ l: [0, 1, 2, 3] })), { found: true, value: [3] });
    });
  });
});
