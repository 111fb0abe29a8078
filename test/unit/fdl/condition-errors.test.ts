import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseCondition } from '../../../lib/fdl/conditions.ts';

/** Parses `text`, expecting a failure; returns it. */
function refused(text: string): { message: string; offset: number } {
  const parsed = parseCondition(text);
  assert.ok(!parsed.ok, `expected \`${text}\` to be refused`);
  return parsed;
}

describe('parseCondition', () => {
  describe('errors', () => {
    it('reports an unexpected `)` with its offset', () => {
      assert.deepEqual(parseCondition('$.a == 1)'), {
        ok: false,
        message: 'unexpected `)` at offset 8',
        offset: 8,
      });
    });

    it('reports an unterminated string at its opening quote', () => {
      const problem = refused('$.a == "open');
      assert.match(problem.message, /unterminated string/);
      assert.equal(problem.offset, 7);
    });

    it('reports a missing operand after an operator', () => {
      const problem = refused('$.a == ');
      assert.match(problem.message, /expected an operand/);
      assert.equal(problem.offset, 7);
    });

    it('reports an operator where an operand should be', () => {
      const problem = refused('&& $.a');
      assert.match(problem.message, /expected an operand, found `&&`/);
      assert.equal(problem.offset, 0);
    });

    it('refuses a single `=` and suggests `==`', () => {
      const problem = refused('$.a = 1');
      assert.match(problem.message, /unknown operator `=`, use `==`/);
      assert.equal(problem.offset, 4);
    });

    it('suggests the right operator for look-alikes from other languages', () => {
      assert.match(refused('$.a === 1').message, /`===`, use `==`/);
      assert.match(refused('$.a !== 1').message, /`!==`, use `!=`/);
      assert.match(refused('$.a <> 1').message, /`<>`, use `!=`/);
      assert.match(refused('$.a => 1').message, /`=>`, use `>=`/);
      assert.match(refused('$.a & $.b').message, /`&`, use `&&`/);
      assert.match(refused('$.a | $.b').message, /`\|`, use `\|\|`/);
    });

    it('refuses word operators and names the symbol to use', () => {
      assert.match(refused('$.a and $.b').message, /`and` is not an operator, use `&&`/);
      assert.match(refused('$.a OR $.b').message, /`OR` is not an operator, use `\|\|`/);
      assert.match(refused('not $.a').message, /`not` is not an operator, use `!`/);
    });

    it('refuses capitalised literals', () => {
      assert.match(refused('$.a == True').message, /literals are lowercase \(`true`\)/);
    });

    it('refuses bare words and hints at paths', () => {
      const problem = refused('status == "ok"');
      assert.match(problem.message, /unknown word `status`.*`\$\.status`/);
      assert.equal(problem.offset, 0);
    });

    it('refuses single-quoted strings', () => {
      assert.match(refused("$.a == 'x'").message, /double quotes/);
    });

    it('refuses an unclosed parenthesis and says where it opened', () => {
      const problem = refused('($.a == 1');
      assert.match(problem.message, /the `\(` at offset 0 is not closed/);
      assert.equal(problem.offset, 9);
    });

    it('refuses empty parentheses', () => {
      assert.match(refused('()').message, /expected an operand, found `\)`/);
    });

    it('refuses an empty or blank condition', () => {
      assert.match(refused('').message, /empty/);
      assert.match(refused('   ').message, /empty/);
    });

    it('refuses two operands in a row', () => {
      const problem = refused('$.a $.b');
      assert.match(problem.message, /expected an operator/);
      assert.equal(problem.offset, 4);
    });

    it('refuses chained comparisons', () => {
      assert.match(refused('1 < $.a < 3').message, /cannot be chained/);
    });

    it('refuses malformed numbers', () => {
      assert.match(refused('$.a == 01').message, /invalid number `01`/);
      assert.match(refused('$.a == 1.').message, /invalid number `1\.`/);
      assert.match(refused('$.a == - 1').message, /expected a number after `-`/);
      assert.match(refused('$.a == 1e999').message, /out of range/);
    });

    it('refuses invalid string escapes', () => {
      assert.match(refused('"\\x"').message, /invalid escape/);
      assert.match(refused('"\\u12"').message, /four hex digits/);
    });

    it('refuses wildcards, `..` and slices in paths, pointing at them', () => {
      const problem = refused('$.items[*].x == 1');
      assert.match(problem.message, /wildcards are not allowed in conditions/);
      assert.equal(problem.offset, 7);
      assert.match(refused('$..x == 1').message, /wildcards are not allowed/);
      assert.match(refused('$.a.* == 1').message, /wildcards are not allowed/);
      assert.match(refused('$.a[0:2] == 1').message, /wildcards are not allowed/);
    });

    it('refuses filter expressions in paths', () => {
      assert.match(
        refused('$.items[?(@.x > 1)] == 1').message,
        /filter and script expressions are not allowed/,
      );
    });

    it('refuses `$local` and `$context` paths: a condition reads the step input', () => {
      assert.match(refused('$local.x == 1').message, /`\$local` cannot be used in a condition/);
      assert.match(refused('$context.step.name == "a"').message, /`\$context` cannot be used/);
    });

    it('refuses unknown path roots', () => {
      assert.match(refused('$inputs.x == 1').message, /unknown path root `\$inputs`/);
    });

    it('refuses unexpected characters', () => {
      const problem = refused('$.a == 1 # note');
      assert.match(problem.message, /unexpected character `#`/);
      assert.equal(problem.offset, 9);
    });

    it('refuses nesting deeper than it can safely parse', () => {
      assert.match(refused(`${'('.repeat(150)}true${')'.repeat(150)}`).message, /nests more than/);
      assert.match(refused(`${'!'.repeat(150)}true`).message, /nests more than/);
    });
  });
});
