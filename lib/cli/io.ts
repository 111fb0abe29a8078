/** Where a command writes. Injected so that tests can capture output without a child process. */
export interface CliIo {
  /** Writes text to standard output as is. */
  out(text: string): void;
  /** Writes text to standard error as is. */
  err(text: string): void;
  /** True when standard output is a terminal (live displays), false or absent when piped. */
  isTty?: boolean;
}

/** The process's own standard output and error. */
export const processIo: CliIo = {
  out: (text) => {
    process.stdout.write(text);
  },
  err: (text) => {
    process.stderr.write(text);
  },
  isTty: process.stdout.isTTY === true,
};
