/**
 * Lambdas as a leaf (design/style.md, "Edges as leaves"): the handler factories live in lib/handlers,
 * lambdas/*.ts are entry files of a few lines; nothing in lib/ imports lambdas/, lambdas/ never imports
 * lib/local (so the local runtime never loads Powertools, and no Lambda bundles the local runtime); the
 * environment variable names are written once, in lib/config/lambda-environment.ts.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, it } from 'node:test';
import { LAMBDA_ENV } from '../../../lib/config/lambda-environment.ts';

const ROOT = join(import.meta.dirname, '../../..');

/** Every .ts file below `dir` (relative to the repository). */
function sources(dir: string): string[] {
  return readdirSync(join(ROOT, dir)).flatMap((entry) => {
    const path = join(dir, entry);
    if (statSync(join(ROOT, path)).isDirectory()) return sources(path);
    return path.endsWith('.ts') ? [path] : [];
  });
}

/** The module specifiers `file` imports or re-exports. */
function importsOf(file: string): string[] {
  const text = readFileSync(join(ROOT, file), 'utf8');
  return [...text.matchAll(/(?:import|export)\s[^'"]*?from\s*'([^']+)'|import\('([^']+)'\)/g)].map(
    (match) => match[1] ?? match[2] ?? '',
  );
}

/** The entry files' supporting modules (the composition root and Powertools), not entries. */
const SUPPORT = ['lambdas/composition.ts', 'lambdas/observability.ts'];
/** The most lines an entry file of lambdas/ may have. */
const MAX_ENTRY_LINES = 60;

describe('lambdas are a leaf', () => {
  it('nothing in lib/ imports lambdas/', () => {
    const offenders = sources('lib').filter((file) =>
      importsOf(file).some((spec) => /(^|\/)lambdas\//.test(spec)),
    );
    assert.deepEqual(offenders, []);
  });

  it('lambdas/ never imports lib/local', () => {
    const offenders = sources('lambdas').filter((file) =>
      importsOf(file).some((spec) => /(^|\/)lib\/local\//.test(spec)),
    );
    assert.deepEqual(offenders, []);
  });

  it('the entry files are a few lines: a factory of lib/handlers, the composition root, instrumentation', () => {
    for (const file of sources('lambdas').filter((each) => !SUPPORT.includes(each))) {
      const lines = readFileSync(join(ROOT, file), 'utf8').split('\n').length;
      assert.ok(lines <= MAX_ENTRY_LINES, `${file}: ${lines} lines`);
      assert.ok(
        importsOf(file).some((spec) => spec.startsWith('../lib/handlers/')),
        `${file} builds its handler with a factory of lib/handlers`,
      );
      assert.ok(
        /export const handler\b/.test(readFileSync(join(ROOT, file), 'utf8')),
        `${file} exports handler`,
      );
    }
  });

  it('the environment variable names are written once (lib/config), read by lib/infra and the composition root', () => {
    const written: string[] = [];
    for (const file of [...sources('lib/infra'), ...sources('lambdas')]) {
      const text = readFileSync(join(ROOT, file), 'utf8');
      for (const name of Object.values(LAMBDA_ENV)) {
        if (text.includes(`'${name}'`) || text.includes(`"${name}"`) || text.includes(`${name}:`))
          written.push(`${relative(ROOT, join(ROOT, file))}: ${name}`);
      }
    }
    assert.deepEqual(written, []);
    for (const file of ['lambdas/composition.ts', 'lib/infra/flow-engine.ts']) {
      assert.ok(
        importsOf(file).some((spec) => spec.endsWith('config/lambda-environment.ts')),
        `${file} reads the names from lib/config/lambda-environment.ts`,
      );
    }
  });
});
