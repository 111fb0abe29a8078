import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

const BIN = fileURLToPath(new URL('../../../bin/flowback.mjs', import.meta.url));
const FIXTURES = fileURLToPath(new URL('../../fixtures/definitions/', import.meta.url));
const GOOD = `${FIXTURES}valid-flow.yaml`;
const BAD = `${FIXTURES}invalid-flow.yaml`;

/** Far more output than a pipe buffers (64 KiB), so that writes go on after the reader has gone. */
const REPEATS = 1500;

/** Runs `flowback validate FILES | head -1` in bash: flowback's exit code (pipefail), its stderr, head's output. */
function validateIntoHead(
  files: readonly string[],
): Promise<{ code: number | null; stderr: string; first: string }> {
  return new Promise((resolve, reject) => {
    const script = `set -o pipefail; "${process.execPath}" "${BIN}" validate "$@" | head -1`;
    const child = spawn('bash', ['-c', script, 'bash', ...files], { stdio: ['ignore', 'pipe', 'pipe'] });
    let first = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => {
      first += chunk;
    });
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stderr, first }));
  });
}

describe('flowback output into a reader that leaves early (| head -1)', () => {
  it('stops writing quietly: no EPIPE stack trace, and the exit code it would have had', async () => {
    const valid = await validateIntoHead(Array.from({ length: REPEATS }, () => GOOD));
    assert.equal(valid.first, `${GOOD}: valid\n`);
    assert.equal(valid.stderr, '', 'nothing on stderr');
    assert.equal(valid.code, 0);
    const invalid = await validateIntoHead([...Array.from({ length: REPEATS }, () => GOOD), BAD]);
    assert.doesNotMatch(invalid.stderr, /EPIPE|\n\s+at /);
    assert.match(invalid.stderr, /invalid-flow\.yaml:\d+:\d+ /, 'the problems still go to stderr');
    assert.equal(invalid.code, 1, 'still exit 1 for the invalid file after the first line');
  });
});
