import type { FlowbackClient } from '../client/index.ts';
import type { ExitCode } from './exit-codes.ts';
import type { CliIo } from './io.ts';

/** What every subcommand gets: where to write, how to report its exit code, how to reach the API. */
export interface CommandContext {
  io: CliIo;
  /** Records the command's exit code (the most serious one wins). */
  exit(code: ExitCode): void;
  /** The client of the API at `endpoint` (signed with SigV4 for an `execute-api` endpoint). */
  client(endpoint: string): FlowbackClient;
}
