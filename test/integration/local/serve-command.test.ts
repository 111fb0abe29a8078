import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { ExitCode } from '../../../lib/cli/exit-codes.ts';
import type { CliIo } from '../../../lib/cli/io.ts';
import { runCli } from '../../../lib/cli/main.ts';
import { tempDir, waitFlow } from './local-helpers.ts';

/** Captures what a command writes. */
function capture(): CliIo & { stdout: string; stderr: string } {
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

describe('flowback serve', () => {
  let flows: { path: string; remove(): Promise<void> };

  before(async () => {
    flows = await tempDir('bad-flows');
    await writeFile(join(flows.path, 'good.yaml'), waitFlow(1));
    await writeFile(join(flows.path, '9-bad-name.yaml'), waitFlow(1));
    await writeFile(
      join(flows.path, 'broken.yaml'),
      'version: v1\ntype: flow\nsteps:\n  - type: wait\n    name: w\n  - type: nope\n',
    );
    await writeFile(join(flows.path, 'notes.txt'), 'not a flow');
  });

  after(async () => {
    await flows.remove();
  });

  it('does not start when a flow file is invalid, and lists every problem of every file', async () => {
    const io = capture();
    const code = await runCli(
      [
        'serve',
        '--memory',
        '--port',
        '0',
        '--sqs-port',
        '0',
        '--flows',
        flows.path,
        '--functions',
        flows.path,
      ],
      io,
    );
    assert.equal(code, ExitCode.Failure);
    assert.equal(io.stdout, '', 'no ready line');
    const lines = io.stderr.trim().split('\n');
    assert.ok(
      lines.some(
        (line) => line.startsWith(join(flows.path, '9-bad-name.yaml')) && line.includes('flow name'),
      ),
    );
    const broken = lines.filter((line) => line.startsWith(`${join(flows.path, 'broken.yaml')}:`));
    assert.ok(broken.length >= 2, `every problem of broken.yaml:\n${io.stderr}`);
    assert.match(broken.join('\n'), /broken\.yaml:\d+:\d+ /, 'FILE:LINE:COLUMN like flowback validate');
    assert.ok(!io.stderr.includes('notes.txt'), 'other files are ignored');
    assert.match(lines.at(-1) ?? '', /problem\(s\) in the flows folder; not started/);
  });

  it('does not start when the --flows folder given does not exist, and says so', async () => {
    const missing = join(flows.path, 'no-such-folder');
    const io = capture();
    const code = await runCli(
      ['serve', '--memory', '--port', '0', '--sqs-port', '0', '--flows', missing, '--functions', flows.path],
      io,
    );
    assert.equal(code, ExitCode.Failure);
    assert.equal(io.stdout, '');
    assert.deepEqual(io.stderr.trimEnd().split('\n'), [
      `${missing}: the flows folder does not exist`,
      'flowback serve: 1 problem(s) in the flows folder; not started',
    ]);
  });

  it('warns, and starts with no flows, when the default flows folder does not exist here', async () => {
    const bin = fileURLToPath(new URL('../../../bin/flowback.mjs', import.meta.url));
    // In a folder without examples/flows, as `npx flowback serve` outside a clone.
    const child = spawn(
      process.execPath,
      [bin, 'serve', '--memory', '--port', '0', '--sqs-port', '0', '--functions', flows.path],
      { cwd: flows.path, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    const stderr: string[] = [];
    createInterface({ input: child.stderr }).on('line', (line) => stderr.push(line));
    const ready = await new Promise<string>((done, fail) => {
      child.once('exit', (exit) => fail(new Error(`exited ${exit}:\n${stderr.join('\n')}`)));
      createInterface({ input: child.stdout }).on('line', (line) => {
        if (line.startsWith('flowback ready ')) done(line);
      });
    });
    child.removeAllListeners('exit');
    const apiUrl = /api=(\S+)/.exec(ready)?.[1] ?? '';
    const listed = (await (await fetch(`${apiUrl}/flows`)).json()) as { flows: unknown[] };
    const exited = new Promise((done) => child.once('exit', done));
    child.kill('SIGTERM');
    await exited;
    assert.deepEqual(listed.flows, []);
    const warning = stderr.find((line) => line.includes('warning'));
    assert.equal(
      warning,
      `flowback serve: warning: no flows folder ${resolve(flows.path, 'examples/flows')}; starting with no flows (--flows DIR loads the flows of DIR)`,
    );
  });

  it('refuses a bad port with a usage error', async () => {
    const io = capture();
    assert.equal(await runCli(['serve', '--port', 'http'], io), ExitCode.Usage);
    assert.match(io.stderr, /port/);
  });
});
