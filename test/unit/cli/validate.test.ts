import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { ExitCode } from '../../../lib/cli/exit-codes.ts';
import type { CliIo } from '../../../lib/cli/io.ts';
import { runCli } from '../../../lib/cli/main.ts';

const BIN = fileURLToPath(new URL('../../../bin/flowback.mjs', import.meta.url));
const FIXTURES = fileURLToPath(new URL('../../fixtures/definitions/', import.meta.url));
const GOOD = `${FIXTURES}valid-flow.yaml`;
const GOOD_JSON = `${FIXTURES}valid-flow.json`;
const BAD = `${FIXTURES}invalid-flow.yaml`;

function runBin(...args: string[]) {
  const result = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8' });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

function captureIo(): CliIo & { stdout: string; stderr: string } {
  const io = {
    stdout: '',
    stderr: '',
    out: (text: string) => {
      io.stdout += text;
    },
    err: (text: string) => {
      io.stderr += text;
    },
  };
  return io;
}

describe('flowback validate (child process)', () => {
  it('prints `FILE: valid` and exits 0 for valid files', () => {
    const { code, stdout, stderr } = runBin('validate', GOOD, GOOD_JSON);
    assert.equal(stderr, '');
    assert.equal(stdout, `${GOOD}: valid\n${GOOD_JSON}: valid\n`);
    assert.equal(code, 0);
  });

  it('prints every problem as FILE:LINE:COLUMN path: message and exits 1', () => {
    const { code, stdout, stderr } = runBin('validate', BAD);
    assert.equal(stdout, '');
    assert.equal(code, 1);
    const lines = stderr.trimEnd().split('\n');
    assert.equal(lines.length, 3);
    assert.equal(
      lines[0],
      `${BAD}:8:5 steps[0].inputMapping: unknown field \`inputMapping\` (did you mean \`inputMappings\`?)`,
    );
    assert.match(
      lines[1] ?? '',
      new RegExp(
        `^${BAD}:11:15 steps\\[0\\]\\.catch\\[0\\]\\.goto: goto target \`cleanup\` is not a sibling step of \`work\``,
      ),
    );
    assert.match(lines[2] ?? '', new RegExp(`^${BAD}:14:15 steps\\[1\\]\\.duration: `));
  });

  it('reports valid and invalid files together, exiting 1', () => {
    const { code, stdout, stderr } = runBin('validate', GOOD, BAD);
    assert.equal(stdout, `${GOOD}: valid\n`);
    assert.equal(stderr.split('\n').filter(Boolean).length, 3);
    assert.equal(code, 1);
  });

  it('exits 2 with a one-line message for an unreadable file', () => {
    const missing = `${FIXTURES}does-not-exist.yaml`;
    const { code, stdout, stderr } = runBin('validate', missing, GOOD);
    assert.equal(code, 2);
    assert.equal(stdout, `${GOOD}: valid\n`);
    assert.equal(stderr, `${missing}: cannot read file: no such file\n`);
  });

  it('exits 2 for a missing argument or an unknown command', () => {
    const noFile = runBin('validate');
    assert.equal(noFile.code, 2);
    assert.match(noFile.stderr, /missing required argument 'FILE'/);
    const unknown = runBin('frobnicate');
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /unknown command 'frobnicate'/);
  });
});

describe('runCli', () => {
  it('shows help on stdout with exit code 0', async () => {
    const io = captureIo();
    assert.equal(await runCli(['--help'], io), ExitCode.Success);
    assert.match(io.stdout, /validate <FILE\.\.\.>/);
  });

  it('reports a directory as unreadable', async () => {
    const io = captureIo();
    assert.equal(await runCli(['validate', FIXTURES], io), ExitCode.Usage);
    assert.equal(io.stderr, `${FIXTURES}: cannot read file: is a directory\n`);
  });

  it('exits 1 for an invalid definition, without touching stdout', async () => {
    const io = captureIo();
    assert.equal(await runCli(['validate', BAD], io), ExitCode.Failure);
    assert.equal(io.stdout, '');
    assert.equal(io.stderr.split('\n').filter(Boolean).length, 3);
  });
});
