import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { CommandContext } from '../../../lib/cli/context.ts';
import { ExitCode } from '../../../lib/cli/exit-codes.ts';
import { buildProgram, runCli } from '../../../lib/cli/main.ts';

/** Runs the CLI in-process; no request is made (every case is refused before). */
async function run(argv: string[]): Promise<{ code: ExitCode; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runCli(argv, {
    out: (text) => {
      out += text;
    },
    err: (text) => {
      err += text;
    },
  });
  return { code, out, err };
}

/** Every command with its required options' long flags (`--flow-name`). */
function requiredFlags(): [string, string[]][] {
  const context = { io: { out() {}, err() {} }, exit() {}, client: () => assert.fail('no client') };
  const program = buildProgram(context as unknown as CommandContext);
  return program.commands
    .map((command): [string, string[]] => [
      command.name(),
      command.options
        .filter((option) => option.description.endsWith('(required)'))
        .map((option) => option.long ?? ''),
    ])
    .filter(([, flags]) => flags.length > 0);
}

describe('required options and misspelt options', () => {
  it('names a misspelt required option as unknown, with the option meant, in every command', async () => {
    const commands = requiredFlags();
    assert.ok(commands.length >= 10, `commands with required options: ${commands.map(([name]) => name)}`);
    for (const [name, flags] of commands) {
      for (const flag of flags) {
        const misspelt = flag.slice(0, -1);
        const args = name === 'worker' ? [name, misspelt, 'x', '--', 'true'] : [name, misspelt, 'x'];
        const answer = await run(args);
        assert.equal(answer.code, ExitCode.Usage, `${name} ${misspelt}`);
        assert.equal(answer.out, '');
        assert.equal(
          answer.err,
          `InvalidArgument: unknown option '${misspelt}' (Did you mean ${flag}?)\n`,
          `${name} ${misspelt}`,
        );
      }
    }
  });

  it('still says which required option is missing when none is misspelt', async () => {
    const answer = await run(['worker', '--', 'true']);
    assert.deepEqual(
      [answer.code, answer.err],
      [ExitCode.Usage, "InvalidArgument: required option '--queue <queue>' not specified\n"],
    );
    const missing = await run(['report-task-succeeded', '--task-token', 't']);
    assert.deepEqual(
      [missing.code, missing.err],
      [ExitCode.Usage, "InvalidArgument: required option '--output <json>' not specified\n"],
    );
  });
});
