/**
 * The repository runs from a clone anywhere: no code, test, benchmark or script reads the team's
 * `shared` folder beside it (what a test needs from it is copied into test/fixtures).
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
/** This file names the folder in its patterns and samples. */
const SELF = fileURLToPath(import.meta.url);

/** The folders checked (and the CI script). */
const CHECKED = ['lib', 'test', 'bench', 'scripts', 'lambdas', 'bin', '.ci'];

/** The name of the spec folder beside the clone. */
const SIBLING = 'shared';

/** Ways of naming the folder beside the clone: as one relative path, and as two path pieces. */
const OUTSIDE = [
  new RegExp(['\\.\\.', SIBLING].join('[/\\\\]')),
  new RegExp(['[\'"]\\.\\.[\'"]', `['"]${SIBLING}['"]`].join('\\s*,\\s*')),
];

/** Every file below `dir` (node_modules and build output aside). */
function filesBelow(dir: string): string[] {
  const found: string[] = [];
  for (const entry of readdirSync(dir)) {
    if (entry === 'node_modules' || entry === 'cdk.out') continue;
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) found.push(...filesBelow(path));
    else found.push(path);
  }
  return found;
}

describe('the repository is self-contained', () => {
  it(`no file under ${CHECKED.join(', ')} names the shared folder beside the clone`, () => {
    const offenders: string[] = [];
    for (const dir of CHECKED) {
      for (const file of filesBelow(join(ROOT, dir))) {
        if (file === SELF) continue;
        const text = readFileSync(file, 'utf8');
        text.split('\n').forEach((line, index) => {
          if (OUTSIDE.some((pattern) => pattern.test(line))) {
            offenders.push(`${relative(ROOT, file)}:${index + 1}: ${line.trim()}`);
          }
        });
      }
    }
    assert.deepEqual(offenders, [], 'copy what is needed into test/fixtures');
  });

  it('recognises the ways of naming it', () => {
    const named = [
      `readFileSync('${['..', SIBLING].join('/')}/examples/flows/a.yaml')`,
      `join(root, ${["'..'", `'${SIBLING}'`].join(', ')})`,
    ];
    for (const line of named)
      assert.ok(
        OUTSIDE.some((pattern) => pattern.test(line)),
        line,
      );
    assert.ok(!OUTSIDE.some((pattern) => pattern.test("existingQueues: 'shared'")));
  });
});
