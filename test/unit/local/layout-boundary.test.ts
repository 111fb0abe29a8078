/**
 * Layouts stay in their adapter: only lib/adapters/aws knows the DynamoDB item keys and attribute
 * names of the engine's tables. biome.json keeps lib/local, lambdas and lib/cli from importing the
 * adapter's layout modules; this keeps them from spelling the layout out themselves.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';

/** The folders that ask lib/adapters/aws instead of reading its items. */
const FOLDERS = ['lib/local', 'lambdas', 'lib/cli'];

/** Key and attribute names, key prefixes and expression syntax of the engine's tables. */
const LAYOUT = [
  /['"`](pk|sk|pending|expiresAt|tokenHash|byFlow|startKey|fireAt|outboxes|h#|t#)['"`]/,
  /#(pk|sk)\b/,
  /\b(begins_with|attribute_exists|attribute_not_exists)\(/,
  /\b(FilterExpression|ProjectionExpression|KeyConditionExpression|ExpressionAttributeNames)\b/,
];

/** Every .ts file below `dir`. */
function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) return sources(path);
    return path.endsWith('.ts') ? [path] : [];
  });
}

describe('layouts stay in their adapter', () => {
  it('lib/local, lambdas and lib/cli name no item key, attribute or index of the engine’s tables', () => {
    const found: string[] = [];
    for (const file of FOLDERS.flatMap(sources)) {
      readFileSync(file, 'utf8')
        .split('\n')
        .forEach((line, at) => {
          if (LAYOUT.some((pattern) => pattern.test(line))) found.push(`${file}:${at + 1}: ${line.trim()}`);
        });
    }

    assert.deepEqual(found, []);
  });
});
