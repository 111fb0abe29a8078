/** Where a command writes. Injected so that tests can capture output without a child process. */
export interface CliIo {
  /** Writes text to standard output as is. */
  out(text: string): void;
  /** Writes text to standard error as is. */
  err(text: string): void;
  /** True when standard output is a terminal (live displays), false or absent when piped. */
  isTty?: boolean;
  /** True once standard output's reader has gone (`| head -1`): commands that follow something stop. */
  outputClosed?(): boolean;
}

/** Streams whose reader has gone (EPIPE): what is written to them afterwards is dropped. */
const closedStreams = new Set<NodeJS.WriteStream>();

/** Writes to `stream` unless its reader has gone. */
function writerOf(stream: NodeJS.WriteStream): (text: string) => void {
  return (text) => {
    if (!closedStreams.has(stream)) stream.write(text);
  };
}

/** The process's own standard output and error. */
export const processIo: CliIo = {
  out: writerOf(process.stdout),
  err: writerOf(process.stderr),
  isTty: process.stdout.isTTY === true,
  outputClosed: () => closedStreams.has(process.stdout),
};

/**
 * Makes a reader that leaves early (`flowback validate *.yaml | head -1`) end the output quietly: an
 * `EPIPE` on standard output or error drops what is written to it from then on, instead of an
 * unhandled error's stack trace. The command still finishes with the exit code it would have had.
 */
export function quietBrokenPipes(): void {
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EPIPE') throw error;
      closedStreams.add(stream);
    });
  }
}
