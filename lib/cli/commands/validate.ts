import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { formatDefinitionIssue } from '../../fdl/format-issue.ts';
import { definitionWarnings, parseFlow } from '../../fdl/index.ts';
import type { CommandContext } from '../context.ts';
import { ExitCode, worstExitCode } from '../exit-codes.ts';
import type { CliIo } from '../io.ts';

/** Short wording of common file-system error codes. */
const READ_ERRORS: Readonly<Record<string, string>> = {
  ENOENT: 'no such file',
  EISDIR: 'is a directory',
  EACCES: 'permission denied',
};

function readErrorText(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && READ_ERRORS[code] !== undefined) return READ_ERRORS[code];
  return error instanceof Error ? error.message : String(error);
}

/** Validates one file: `FILE: valid` on stdout, or one `FILE:LINE:COLUMN path: message` line per issue. */
async function validateFile(file: string, io: CliIo): Promise<ExitCode> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    io.err(`${file}: cannot read file: ${readErrorText(error)}\n`);
    return ExitCode.Usage;
  }
  const result = parseFlow(text);
  if (result.ok) {
    // Warnings do not fail the check: the flow runs.
    for (const warning of definitionWarnings(result.definition))
      io.err(`${formatDefinitionIssue(file, warning)}\n`);
    io.out(`${file}: valid\n`);
    return ExitCode.Success;
  }
  for (const issue of result.issues) io.err(`${formatDefinitionIssue(file, issue)}\n`);
  return ExitCode.Failure;
}

/**
 * Validates flow definition files offline, in order.
 * @returns `Success` when all are valid, `Failure` when any is invalid, `Usage` when one cannot be read.
 */
export async function validateFiles(files: readonly string[], io: CliIo): Promise<ExitCode> {
  let code = ExitCode.Success;
  for (const file of files) code = worstExitCode(code, await validateFile(file, io));
  return code;
}

/** Adds `validate FILE...` to the program. */
export function registerValidateCommand(program: Command, context: CommandContext): void {
  program
    .command('validate')
    .description('check flow definition files (YAML or JSON) offline and report every problem')
    .argument('<FILE...>', 'definition files')
    .action(async (files: string[]) => {
      context.exit(await validateFiles(files, context.io));
    });
}
