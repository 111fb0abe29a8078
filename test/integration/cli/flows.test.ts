import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ExitCode } from '../../../lib/cli/exit-codes.ts';
import type { LocalRuntime } from '../../../lib/local/start-local-runtime.ts';
import { tempDir, waitFlow } from '../local/local-helpers.ts';
import {
  CALLBACK_FLOW,
  type CliRun,
  cli,
  failed,
  freePort,
  okJson,
  runBin,
  startCliRuntime,
} from './cli-helpers.ts';

describe('flowback flow commands against a local runtime', () => {
  let local: LocalRuntime;
  let run: (...argv: string[]) => Promise<CliRun>;
  let files: { path: string; remove(): Promise<void> };
  let waitFile = '';
  let badFile = '';

  before(async () => {
    ({ local, run } = await startCliRuntime());
    files = await tempDir('cli-flows');
    waitFile = join(files.path, 'wait.yaml');
    badFile = join(files.path, 'bad.yaml');
    await writeFile(waitFile, waitFlow(1));
    await writeFile(badFile, 'version: v1\ntype: flow\nsteps:\n  - type: wait\n    name: w\n');
  });

  after(async () => {
    await local.stop();
    await files.remove();
  });

  it('create-flow prints the flow as JSON; a second time FlowAlreadyExists, exit 1', async () => {
    const flow = okJson(
      await run('create-flow', '--flow-name', 'cli-a', '--definition', waitFile, '--description', 'first'),
    );
    assert.equal(flow.name, 'cli-a');
    assert.equal(flow.description, 'first');
    assert.equal(flow.definition, waitFlow(1));
    failed(
      await run('create-flow', '--flow-name', 'cli-a', '--definition', waitFile),
      1,
      'FlowAlreadyExists',
    );
  });

  it('create-flow with an invalid definition: InvalidDefinition, then its issues as validate prints them', async () => {
    const answer = await run('create-flow', '--flow-name', 'cli-bad', '--definition', badFile);
    assert.equal(answer.code, ExitCode.Failure);
    assert.equal(answer.stdout, '');
    const [first, ...issues] = answer.stderr.trimEnd().split('\n');
    assert.match(first ?? '', /^InvalidDefinition: /);
    assert.ok(issues.length >= 1, answer.stderr);
    // As `flowback validate` prints them: FILE:LINE:COLUMN path: message.
    const validated = await cli(['validate', badFile]);
    assert.deepEqual(issues, validated.stderr.trimEnd().split('\n'));
    for (const issue of issues) assert.ok(issue.startsWith(`${badFile}:`), issue);
    for (const issue of issues) assert.match(issue, /^.*bad\.yaml:\d+:\d+ steps\[0\]/);
  });

  it('update-flow changes the description and the definition; describe-flow shows them', async () => {
    await run('create-flow', '--flow-name', 'cli-b', '--definition', waitFile);
    const updated = okJson(await run('update-flow', '--flow-name', 'cli-b', '--description', 'second'));
    assert.equal(updated.description, 'second');
    const callbackFile = join(files.path, 'callback.yaml');
    await writeFile(callbackFile, CALLBACK_FLOW);
    okJson(await run('update-flow', '--flow-name', 'cli-b', '--definition', callbackFile));
    const described = okJson(await run('describe-flow', '--flow-name', 'cli-b'));
    assert.equal(described.definition, CALLBACK_FLOW);
    assert.equal(described.description, 'second');
    failed(await run('update-flow', '--flow-name', 'nope', '--description', 'x'), 1, 'FlowNotExists');
  });

  it('list-flows pages with --limit and --next-token', async () => {
    for (const name of ['cli-p1', 'cli-p2', 'cli-p3']) {
      okJson(await run('create-flow', '--flow-name', name, '--definition', waitFile));
    }
    const names: string[] = [];
    let nextToken: string | undefined;
    let pages = 0;
    do {
      const page = okJson<{ flows: { name: string }[]; nextToken?: string }>(
        await run('list-flows', '--limit', '2', ...(nextToken ? ['--next-token', nextToken] : [])),
      );
      assert.ok(page.flows.length <= 2);
      names.push(...page.flows.map((flow) => flow.name));
      nextToken = page.nextToken;
      pages++;
    } while (nextToken !== undefined && pages < 20);
    assert.ok(pages >= 2, 'more than one page');
    assert.equal(new Set(names).size, names.length, 'no flow twice');
    for (const name of ['callback', 'failing', 'cli-p1', 'cli-p2', 'cli-p3']) assert.ok(names.includes(name));
  });

  it('delete-flow prints {}; describe-flow then answers FlowNotExists', async () => {
    await run('create-flow', '--flow-name', 'cli-d', '--definition', waitFile);
    assert.deepEqual(okJson(await run('delete-flow', '--flow-name', 'cli-d')), {});
    failed(await run('describe-flow', '--flow-name', 'cli-d'), 1, 'FlowNotExists', /cli-d/);
  });

  it('bad usage exits 2 with an InvalidArgument line that says what is wrong', async () => {
    failed(await run('describe-flow'), 2, 'InvalidArgument', /required option '--flow-name <name>'/);
    // An unknown option is named before a required one is missed (a misspelt required option).
    failed(
      await run('describe-flow', '--flow-nam', 'x'),
      2,
      'InvalidArgument',
      /^InvalidArgument: unknown option '--flow-nam' \(Did you mean --flow-name\?\)\n$/,
    );
    failed(
      await run('start-execution', '--flow-nam', 'x', '--input', '{}'),
      2,
      'InvalidArgument',
      /unknown option '--flow-nam' \(Did you mean --flow-name\?\)/,
    );
    failed(await run('create-flow', '--flow-name', 'x'), 2, 'InvalidArgument', /--definition/);
    failed(
      await run('create-flow', '--flow-name', 'x', '--definition', join(files.path, 'missing.yaml')),
      2,
      'InvalidArgument',
      /--definition: cannot read .*missing\.yaml: no such file/,
    );
    failed(
      await run('list-flows', '--limit', 'ten'),
      2,
      'InvalidArgument',
      /--limit: expected a whole number/,
    );
    failed(await run('list-flows', '--limit', '0'), 2, 'InvalidArgument', /from 1 to 1000, got "0"/);
    failed(
      await run('list-flows', '--limt', '2'),
      2,
      'InvalidArgument',
      /unknown option '--limt' \(Did you mean --limit\?\)/,
    );
    failed(await run('no-such-command'), 2, 'InvalidArgument', /unknown command/);
  });

  it('an unreachable endpoint exits 3 with ConnectionFailed', async () => {
    const port = await freePort();
    failed(
      await run('list-flows', '--endpoint', `http://127.0.0.1:${port}`),
      3,
      'ConnectionFailed',
      new RegExp(`cannot reach http://127\\.0\\.0\\.1:${port}`),
    );
  });

  it('the bin works as a child process: JSON on stdout, and FLOWBACK_ENDPOINT', async () => {
    const listed = okJson<{ flows: unknown[] }>(await runBin(['list-flows', '--endpoint', local.apiUrl]));
    assert.ok(listed.flows.length >= 2);
    failed(
      await runBin(['describe-flow', '--flow-name', 'nope'], { FLOWBACK_ENDPOINT: local.apiUrl }),
      1,
      'FlowNotExists',
    );
  });
});
