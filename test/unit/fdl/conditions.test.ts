import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { evaluateCondition, parseCondition } from '../../../lib/fdl/conditions.ts';
import type { Condition, JsonObject } from '../../../lib/fdl/types.ts';

/** Parses `text` (failing the test if it does not parse) and evaluates it against `input`. */
function holds(text: string, input: JsonObject = {}): boolean {
  const parsed = parseCondition(text);
  assert.ok(parsed.ok, `expected \`${text}\` to parse: ${parsed.ok ? '' : parsed.message}`);
  return evaluateCondition(parsed.condition, input);
}

describe('parseCondition', () => {
  describe('operands', () => {
    it('parses `$.path` into a path operand', () => {
      const parsed = parseCondition('$.a.b');
      assert.deepEqual(parsed, { ok: true, condition: { kind: 'path', path: '$.a.b' } });
    });

    it('parses numbers: integers, decimals, negatives and exponents', () => {
      for (const [text, value] of [
        ['42', 42],
        ['0', 0],
        ['3.25', 3.25],
        ['-7', -7],
        ['-0.5', -0.5],
        ['1e3', 1000],
        ['2.5E-2', 0.025],
      ] as const) {
        assert.deepEqual(parseCondition(text), { ok: true, condition: { kind: 'literal', value } }, text);
      }
    });

    it('parses double-quoted strings with JSON escapes', () => {
      const parsed = parseCondition('"a\\"b\\\\c\\n\\u00e9\\/"');
      assert.deepEqual(parsed, { ok: true, condition: { kind: 'literal', value: 'a"b\\c\né/' } });
    });

    it('parses `true`, `false` and `null`', () => {
      for (const [text, value] of [
        ['true', true],
        ['false', false],
        ['null', null],
      ] as const) {
        assert.deepEqual(parseCondition(text), { ok: true, condition: { kind: 'literal', value } });
      }
    });

    it('accepts bracketed keys with spaces and array indices in paths', () => {
      const parsed = parseCondition('$.items[0]["key with space"]');
      assert.deepEqual(parsed, {
        ok: true,
        condition: { kind: 'path', path: '$.items[0]["key with space"]' },
      });
    });

    it('ignores whitespace between tokens, including none at all', () => {
      assert.deepEqual(parseCondition('$.a==1'), parseCondition('  $.a \n ==\t1  '));
    });
  });

  describe('precedence and grouping', () => {
    it('binds `&&` tighter than `||`', () => {
      const parsed = parseCondition('true || false && false');
      const expected: Condition = {
        kind: 'or',
        left: { kind: 'literal', value: true },
        right: {
          kind: 'and',
          left: { kind: 'literal', value: false },
          right: { kind: 'literal', value: false },
        },
      };
      assert.deepEqual(parsed, { ok: true, condition: expected });
    });

    it('binds comparisons tighter than `&&`', () => {
      const parsed = parseCondition('$.a == 1 && $.b != 2');
      assert.ok(parsed.ok);
      assert.equal(parsed.condition.kind, 'and');
    });

    it('binds `!` tighter than comparisons', () => {
      const parsed = parseCondition('!$.a == false');
      assert.ok(parsed.ok);
      assert.deepEqual(parsed.condition, {
        kind: 'compare',
        op: '==',
        left: { kind: 'not', operand: { kind: 'path', path: '$.a' } },
        right: { kind: 'literal', value: false },
      });
    });

    it('lets parentheses override precedence', () => {
      const parsed = parseCondition('(true || false) && false');
      assert.ok(parsed.ok);
      assert.equal(parsed.condition.kind, 'and');
    });

    it('groups `&&` and `||` chains from the left', () => {
      const parsed = parseCondition('true && false && null');
      assert.ok(parsed.ok && parsed.condition.kind === 'and');
      assert.equal(parsed.condition.left.kind, 'and');
    });
  });
});

describe('evaluateCondition', () => {
  describe('paths', () => {
    it('reads `$.path` from the input', () => {
      assert.equal(holds('$.status == "ok"', { status: 'ok' }), true);
      assert.equal(holds('$.status == "ok"', { status: 'ko' }), false);
    });

    it('treats `$input.path` exactly like `$.path`', () => {
      const input = { a: { b: 3 } };
      assert.equal(holds('$input.a.b == 3', input), true);
      assert.equal(holds('$input.a.b == $.a.b', input), true);
    });

    it('reads `$` alone as the whole input', () => {
      assert.equal(holds('$ != null', {}), true);
      assert.equal(holds('$input != null', {}), true);
      assert.equal(holds('$ == $input', { a: 1 }), true);
      assert.equal(holds('$ == $.a', { a: 1 }), false);
    });

    it('reads array indices and keys with spaces', () => {
      const input = { items: [{ x: 1 }, { x: 2 }], a: { 'key with space': 'yes' } };
      assert.equal(holds('$.items[1].x == 2', input), true);
      assert.equal(holds('$.a["key with space"] == "yes"', input), true);
    });

    it('reads a missing path as `null`', () => {
      assert.equal(holds('$.nope == null'), true);
      assert.equal(holds('$.a.b.c == null', { a: 1 }), true);
      assert.equal(holds('$.items[5] == null', { items: [1] }), true);
    });

    it('tells a present `null` from a present value', () => {
      assert.equal(holds('$.a == null', { a: null }), true);
      assert.equal(holds('$.a == null', { a: 0 }), false);
    });
  });

  describe('equality', () => {
    it('compares type and value without coercion', () => {
      assert.equal(holds('$.score == 95', { score: '95' }), false);
      assert.equal(holds('"95" == 95'), false);
      assert.equal(holds('0 == false'), false);
      assert.equal(holds('null == false'), false);
      assert.equal(holds('"" == null'), false);
      assert.equal(holds('1 == 1.0'), true);
    });

    it('compares arrays and objects deeply', () => {
      const input = { a: [1, { b: [2, 3] }], c: [1, { b: [2, 3] }], d: { x: 1, y: 2 }, e: { y: 2, x: 1 } };
      assert.equal(holds('$.a == $.c', input), true);
      assert.equal(holds('$.d == $.e', input), true, 'key order does not matter');
      assert.equal(holds('$.a == $.d', input), false);
    });

    it('tells arrays of different order or length apart', () => {
      const input = { a: [1, 2], b: [2, 1], c: [1, 2, 3], d: { x: 1 }, e: { x: 1, y: 2 } };
      assert.equal(holds('$.a == $.b', input), false);
      assert.equal(holds('$.a == $.c', input), false);
      assert.equal(holds('$.d == $.e', input), false);
    });

    it('makes `!=` the negation of `==`', () => {
      const input = { a: [1], b: [1], c: '1' };
      assert.equal(holds('$.a != $.b', input), false);
      assert.equal(holds('$.a != $.c', input), true);
      assert.equal(holds('$.missing != null', input), false);
    });
  });

  describe('ordering', () => {
    it('orders two numbers', () => {
      const input = { n: 10 };
      assert.equal(holds('$.n > 9', input), true);
      assert.equal(holds('$.n > 10', input), false);
      assert.equal(holds('$.n >= 10', input), true);
      assert.equal(holds('$.n < 10.5', input), true);
      assert.equal(holds('$.n <= 9.99', input), false);
      assert.equal(holds('$.n > -1e2', input), true);
    });

    it('orders two strings by code units, not numerically nor by locale', () => {
      assert.equal(holds('"b" > "a"'), true);
      assert.equal(holds('"10" < "9"'), true);
      assert.equal(holds('"Z" < "a"'), true);
      assert.equal(holds('"abc" >= "abc"'), true);
      assert.equal(holds('"ab" < "abc"'), true);
    });

    it('is false for every operator when the types differ', () => {
      for (const op of ['>', '>=', '<', '<=']) {
        assert.equal(holds(`"5" ${op} 5`), false, `"5" ${op} 5`);
        assert.equal(holds(`5 ${op} "5"`), false, `5 ${op} "5"`);
      }
    });

    it('is false for booleans, null, arrays, objects and missing paths', () => {
      const input = { t: true, f: false, a: [1], o: { x: 1 } };
      assert.equal(holds('$.t > $.f', input), false);
      assert.equal(holds('$.a >= $.a', input), false);
      assert.equal(holds('$.o <= $.o', input), false);
      assert.equal(holds('null >= null'), false);
      assert.equal(holds('$.missing < 1'), false);
    });
  });

  describe('logic', () => {
    it('applies precedence: `true || false && false` is true', () => {
      assert.equal(holds('true || false && false'), true);
      assert.equal(holds('(true || false) && false'), false);
    });

    it('combines comparisons with `&&` and `||`', () => {
      const input = { age: 30, country: 'NZ' };
      assert.equal(holds('$.age >= 18 && $.country == "NZ"', input), true);
      assert.equal(holds('$.age < 18 || $.country == "AU"', input), false);
      assert.equal(holds('$.age < 18 || $.country == "NZ"', input), true);
    });

    it('negates with `!`', () => {
      assert.equal(holds('!true'), false);
      assert.equal(holds('!false'), true);
      assert.equal(holds('!!true'), true);
      assert.equal(holds('!($.a == 1)', { a: 2 }), true);
    });

    it('makes `!x` mean `x !== true`: the negation of any non-boolean is true', () => {
      assert.equal(holds('!null'), true);
      assert.equal(holds('!"yes"'), true);
      assert.equal(holds('!1'), true);
      assert.equal(holds('!$.missing'), true);
      assert.equal(holds('!$.flag', { flag: 'true' }), true);
    });

    it('treats only `true` as true in `&&` and `||`', () => {
      assert.equal(holds('1 && true'), false);
      assert.equal(holds('"true" || false'), false);
      assert.equal(holds('$.a && $.b', { a: true, b: true }), true);
      assert.equal(holds('$.a || $.b', { a: 'yes', b: 1 }), false);
    });
  });

  describe('a bare operand as the whole condition', () => {
    it('holds only when it is exactly `true`', () => {
      assert.equal(holds('$.approved', { approved: true }), true);
      for (const approved of [false, 'true', 1, null, [true], { a: true }]) {
        assert.equal(holds('$.approved', { approved }), false, JSON.stringify(approved));
      }
      assert.equal(holds('$.approved'), false, 'missing');
    });

    it('holds for the literal `true` only', () => {
      assert.equal(holds('true'), true);
      assert.equal(holds('false'), false);
      assert.equal(holds('1'), false);
      assert.equal(holds('"x"'), false);
    });
  });

  it('evaluates a condition built in code with an invalid path as if the path were missing', () => {
    const condition: Condition = {
      kind: 'compare',
      op: '==',
      left: { kind: 'path', path: '$.a[*]' },
      right: { kind: 'literal', value: null },
    };
    assert.equal(evaluateCondition(condition, { a: [1] }), true);
  });

  it('does not evaluate text: a string that looks like code stays a string', () => {
    const input = { s: 'process.exit(1)' };
    assert.equal(holds('$.s == "process.exit(1)"', input), true);
  });
});
