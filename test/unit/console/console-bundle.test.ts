import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { BUILD_INFO_FILE, type BuildInfo, driftFrom } from '../../../console/build-info.ts';
import { CONSOLE_DIST } from '../../../lib/console/console-assets.ts';

const root = new URL('../../../', import.meta.url).pathname;

describe('the committed console bundle', () => {
  const info = JSON.parse(readFileSync(`${CONSOLE_DIST}${BUILD_INFO_FILE}`, 'utf8')) as BuildInfo;

  it('was built from the sources and packages in this tree (else: npm run console:build)', () => {
    const drift = driftFrom(root, info);
    assert.deepEqual(
      drift,
      [],
      `console/dist is stale; run \`npm run console:build\` and commit it:\n${drift.join('\n')}`,
    );
  });

  it('bundles the console, the FDL validation and the graph model, and Mermaid', () => {
    const sources = Object.keys(info.sources);
    for (const path of [
      'console/src/main.ts',
      'lib/fdl/parse.ts',
      'lib/graph/mermaid.ts',
      'lib/graph/step-progress.ts',
    ])
      assert.ok(sources.includes(path), `${path} is in the bundle`);
    assert.ok(info.packages['node_modules/mermaid'], 'Mermaid is bundled');
    assert.ok(info.packages['node_modules/lit-html'], 'lit-html is bundled');
  });

  it('loads nothing from another origin: every script and style is one of its files', () => {
    const html = readFileSync(`${CONSOLE_DIST}index.html`, 'utf8');
    const references = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((match) => match[1] as string);
    assert.ok(references.length >= 2);
    for (const reference of references) {
      if (reference.startsWith('data:') || reference.startsWith('#')) continue;
      assert.match(reference, /^\/console\/assets\//, `${reference} is served by the console itself`);
      assert.ok(existsSync(`${CONSOLE_DIST}${reference.slice('/console/'.length)}`), `${reference} exists`);
    }
    assert.doesNotMatch(html, /https?:\/\//);
  });
});
