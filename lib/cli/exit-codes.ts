/** Process exit codes shared by every `flowback` subcommand. */
export enum ExitCode {
  /** Everything went well (e.g. every definition is valid). */
  Success = 0,
  /** The command ran but the answer is negative (e.g. a definition is invalid, a request failed). */
  Failure = 1,
  /** Bad usage (unknown option, missing argument) or an input that cannot be read. */
  Usage = 2,
  /** The API could not be reached (connection refused, DNS, TLS). */
  Unavailable = 3,
}

/** The more serious of two exit codes (the higher number). */
export function worstExitCode(a: ExitCode, b: ExitCode): ExitCode {
  return a >= b ? a : b;
}
