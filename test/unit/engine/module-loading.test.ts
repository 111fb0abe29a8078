/**
 * Every step module loads on its own, in a fresh process: container steps receive the sequence
 * driver as an argument instead of importing it, so no module's initialisation depends on which
 * module of the engine happened to be imported first.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
const stepsDir = new URL('../../../lib/engine/steps/', import.meta.url);
/** Entry points that reach the step modules from the other side of the old import cycle. */
const alsoAlone = ['../sequence.ts', '../advance.ts'];
const modules = [
  ...readdirSync(stepsDir)
    .filter((name) => name.endsWith('.ts'))
    .sort(),
  ...alsoAlone,
];

/** Imports `module` (relative to lib/engine/steps) alone in a new Node process. */
async function importAlone(module: string): Promise<void> {
  const url = new URL(module, stepsDir).href;
  await run(
    process.execPath,
    ['--import', 'tsx', '--input-type=module', '-e', `await import(${JSON.stringify(url)});`],
    {
      cwd: fileURLToPath(new URL('../../../', import.meta.url)),
    },
  );
}

describe('engine modules', () => {
  it('include every step module', () => {
    assert.ok(modules.includes('choice.ts') && modules.includes('registry.ts'));
  });

  for (const module of modules) {
    it(`loads ${module} on its own`, { concurrency: true }, async () => {
      await assert.doesNotReject(importAlone(module));
    });
  }
});
