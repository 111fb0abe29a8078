import type { ExitCode } from './exit-codes.ts';
import type { CliIo } from './io.ts';

/** What every subcommand gets: where to write, and how to report its exit code. */
export interface CommandContext {
  io: CliIo;
  /** Records the command's exit code (the most serious one wins). */
  exit(code: ExitCode): void;
}
