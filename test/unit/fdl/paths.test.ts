import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkSourcePath, parsePath } from '../../../lib/fdl/paths.ts';

describe('checkSourcePath', () => {
  it('accepts every root: `$`, `$.`, `$[`, `$input`, `$local`, `$context`', () => {
    for (const path of [
      '$',
      '$.a',
      '$["a"]',
      '$[0]',
      '$input',
      '$input.a.b',
      '$input["a b"]',
      '$local',
      '$local.x',
      '$local[*].result',
      '$context',
      '$context.task.token',
    ]) {
      assert.equal(checkSourcePath(path), undefined, path);
    }
  });

  it('accepts wildcards, descendants, slices, indices and non-ASCII keys', () => {
    for (const path of [
      '$.items[*].x',
      '$.a.*',
      '$..x',
      '$.l[1:3]',
      '$.l[-2:]',
      '$.l[::2]',
      '$.a[0][1]',
      '$.名前',
    ]) {
      assert.equal(checkSourcePath(path), undefined, path);
    }
  });

  it('refuses paths that do not start with `$`', () => {
    assert.match(checkSourcePath('a.b') ?? '', /must start with `\$`/);
    assert.match(checkSourcePath('') ?? '', /must start with `\$`/);
  });

  it('refuses unknown roots, including ones that merely start like a known one', () => {
    for (const path of ['$inputs.a', '$Input.a', '$loc', '$ctx.a', '$foo']) {
      assert.match(checkSourcePath(path) ?? '', /unknown path root/, path);
    }
  });

  it('refuses filter and script expressions', () => {
    for (const path of [
      '$.items[?(@.x > 1)]',
      '$.items[(@.length-1)]',
      '$.a(1)',
      '$.items[?(@.x)].y',
      '$.a@',
    ]) {
      assert.match(checkSourcePath(path) ?? '', /filter and script expressions are not allowed/, path);
    }
  });

  it('refuses the jsonpath-plus extensions `~` and `^`', () => {
    assert.match(checkSourcePath('$.a~') ?? '', /`~` is not supported/);
    assert.match(checkSourcePath('$.a^') ?? '', /`\^` is not supported/);
  });

  it('refuses malformed paths with the offset of the problem', () => {
    assert.equal(checkSourcePath('$.a.'), 'expected a key or `*` after `.` (at offset 4)');
    assert.match(checkSourcePath('$.a[') ?? '', /missing `\]`/);
    assert.match(checkSourcePath('$.a["x') ?? '', /unterminated string/);
    assert.match(checkSourcePath('$.a["x"') ?? '', /expected `\]`/);
    assert.match(checkSourcePath('$.a b') ?? '', /unexpected ` `/);
    assert.match(checkSourcePath('$..') ?? '', /after `\.\.`/);
    assert.match(checkSourcePath('$.a[x]') ?? '', /expected a quoted key/);
  });

  it('refuses negative indices and unions, which it does not support', () => {
    assert.match(checkSourcePath('$.a[-1]') ?? '', /negative indices/);
    assert.match(checkSourcePath('$.a[0,1]') ?? '', /unions/);
    assert.match(checkSourcePath('$.a[::0]') ?? '', /step must be positive/);
  });

  it('refuses a key that jsonpath-plus would misread in a wildcard path, but not elsewhere', () => {
    assert.equal(checkSourcePath("$['x;y']"), undefined);
    assert.match(checkSourcePath("$['x;y'][*]") ?? '', /cannot be used with a wildcard/);
    assert.match(checkSourcePath("$['*'][*]") ?? '', /cannot be used in a path with a wildcard/);
  });
});

describe('parsePath', () => {
  it('normalises quoted keys and indices into key segments', () => {
    const parsed = parsePath('$input.a["b c"][2]');
    assert.ok(parsed.ok);
    assert.equal(parsed.path.root, 'input');
    assert.deepEqual(parsed.path.segments, [
      { kind: 'key', key: 'a' },
      { kind: 'key', key: 'b c' },
      { kind: 'key', key: '2' },
    ]);
    assert.equal(parsed.path.multiAt, null);
  });

  it('marks where a path starts yielding several values', () => {
    const parsed = parsePath('$local.a[*].b');
    assert.ok(parsed.ok);
    assert.equal(parsed.path.root, 'local');
    assert.equal(parsed.path.multiAt, 8);
  });

  it('returns the same parse for the same text (cached)', () => {
    assert.equal(parsePath('$.cached.path'), parsePath('$.cached.path'));
  });
});
