/**
 * Follows the README's quick start literally: the commands are the fenced `sh` blocks after the
 * markers `<!-- quickstart:server -->`, `<!-- quickstart:watch -->` and `<!-- quickstart:report -->`
 * in README.md, run in a shell on a fresh copy of the repository, so the two cannot drift apart.
 */
import assert from 'node:assert/strict';
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, readFile, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { eventually } from '../local/local-helpers.ts';
import { freePort, ROOT } from './cli-helpers.ts';

/** The lines of the fenced `sh` block right after `<!-- quickstart:NAME -->` (blank lines allowed). */
export function quickstartBlock(readme: string, name: string): string[] {
  const marker = `<!-- quickstart:${name} -->`;
  const at = readme.indexOf(marker);
  assert.ok(at >= 0, `README.md has no ${marker} marker: the quick-start test cannot find its commands`);
  const block = /^\s*```sh\n([\s\S]*?)\n```/.exec(readme.slice(at + marker.length));
  assert.ok(block, `README.md: ${marker} must be followed by a fenced \`\`\`sh block`);
  const lines = (block[1] as string)
    .split('\n')
    .filter((line) => line.trim() !== '' && !line.trim().startsWith('#'));
  assert.ok(lines.length > 0, `README.md: the block after ${marker} is empty`);
  return lines;
}

/** A shell command run in `cwd`, its output collected. */
function shell(command: string, cwd: string, env: NodeJS.ProcessEnv) {
  // Its own process group, so that everything it started can be signalled at once.
  const child = spawn('sh', ['-c', command], { cwd, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  const output = { stdout: '', stderr: '' };
  child.stdout?.on('data', (chunk) => {
    output.stdout += chunk;
  });
  child.stderr?.on('data', (chunk) => {
    output.stderr += chunk;
  });
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  return { child, output, exited };
}

/** SIGTERM to the process group of `child` (then SIGKILL if it lingers); waits for its end. */
async function stopGroup(child: ChildProcess, exited: Promise<unknown>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
  const signal = (name: NodeJS.Signals) => {
    try {
      process.kill(-(child.pid as number), name);
    } catch {
      // already gone
    }
  };
  signal('SIGTERM');
  const timer = setTimeout(() => signal('SIGKILL'), 5_000);
  await exited;
  clearTimeout(timer);
}

describe('the README quick start, literally, on a fresh copy of the repository', () => {
  let copy = '';
  let server: ReturnType<typeof shell> | undefined;
  let watcher: ReturnType<typeof shell> | undefined;

  before(async () => {
    copy = await mkdtemp(join(tmpdir(), 'flowback-quickstart-'));
    // The repository's files: tracked ones, plus untracked files that are not ignored (work not yet
    // committed; in a clean clone the two lists are the same).
    const files = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], {
      cwd: ROOT,
      encoding: 'utf8',
    })
      .split('\0')
      .filter((file) => file !== '' && existsSync(join(ROOT, file)));
    assert.ok(
      files.includes('README.md') && files.includes('package.json'),
      'git ls-files lists the repository',
    );
    for (const file of files) {
      await mkdir(dirname(join(copy, file)), { recursive: true });
      await copyFile(join(ROOT, file), join(copy, file));
    }
    // `npm ci` is what the README says; CI (.ci/run) proves that it works. Here the installed
    // node_modules is linked instead, which keeps the test fast and offline.
    await symlink(join(ROOT, 'node_modules'), join(copy, 'node_modules'), 'dir');
  });

  after(async () => {
    if (watcher) await stopGroup(watcher.child, watcher.exited);
    if (server) await stopGroup(server.child, server.exited);
    if (copy) await rm(copy, { recursive: true, force: true });
  });

  it('says which marker is missing when the README lost one', () => {
    assert.throws(
      () => quickstartBlock('# Flowback\n```sh\nnpm start\n```\n', 'server'),
      /README\.md has no <!-- quickstart:server --> marker/,
    );
    assert.throws(
      () => quickstartBlock('<!-- quickstart:report -->\nsome text\n', 'report'),
      /must be followed by a fenced ```sh block/,
    );
  });

  it('starts the server, watches the seed example, reports its token, and watch ends Succeeded', async () => {
    const readme = await readFile(join(ROOT, 'README.md'), 'utf8');
    const [serverCommand, ...moreServer] = quickstartBlock(readme, 'server');
    const watchBlock = quickstartBlock(readme, 'watch');
    const reportBlock = quickstartBlock(readme, 'report');
    assert.deepEqual(moreServer, [], 'the server block is one command');
    assert.ok(reportBlock.join('\n').includes('TOKEN'), 'the report block has the TOKEN placeholder');

    const port = await freePort();
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      FLOWBACK_PORT: String(port),
      FLOWBACK_SQS_PORT: String(await freePort()),
      FLOWBACK_ENDPOINT: `http://127.0.0.1:${port}`,
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    };
    server = shell((serverCommand as string).replace(/^npm ci && /, ''), copy, env);
    const running = server;
    const ready = await eventually(
      async () => {
        if (running.child.exitCode !== null) throw new Error(`the server ended: ${running.output.stderr}`);
        return /flowback ready api=(\S+)/.exec(running.output.stdout)?.[1];
      },
      15_000,
      'the ready line of the server block',
    );
    assert.equal(ready, `http://127.0.0.1:${port}`);

    for (const line of watchBlock) {
      if (/^npx flowback watch /.test(line)) {
        watcher = shell(line, copy, env);
        continue;
      }
      const step = shell(line, copy, env);
      assert.equal(await step.exited, 0, `${line}\n${step.output.stderr}`);
      JSON.parse(step.output.stdout);
    }
    assert.ok(watcher, 'the watch block runs `npx flowback watch`');
    const watching = watcher;
    const token = await eventually(
      async () => /task token: (\S+)/.exec(watching.output.stdout)?.[1],
      10_000,
      `the task token in the output of watch:\n${watching.output.stdout}${watching.output.stderr}`,
    );

    const report = shell(reportBlock.join('\n').replaceAll('TOKEN', token), copy, env);
    assert.equal(await report.exited, 0, report.output.stderr);
    assert.equal(report.output.stderr, '');
    assert.equal(typeof JSON.parse(report.output.stdout).eventId, 'number', report.output.stdout);

    assert.equal(await watching.exited, 0, watching.output.stderr);
    assert.match(
      watching.output.stdout.trimEnd().split('\n').at(-1) ?? '',
      /■ Succeeded with output \{"s":"ok"\}$/,
    );
  });
});
