/** Defaults of the local runtime (`api.md` "Local runtime"), apart so that the CLI loads them cheaply. */
export const LOCAL_DEFAULTS = {
  /** API port on 127.0.0.1. */
  port: 8700,
  /** Embedded SQS port on 127.0.0.1. */
  sqsPort: 8701,
  /** Where the state lives. */
  dataDir: '.flowback',
  /** Flow files loaded at start-up. */
  flowsDir: 'examples/flows',
  /** Local functions. */
  functionsDir: 'examples/functions',
  /** How long a local function call may run, in seconds (Lambda's default). */
  functionTimeoutSeconds: 3,
  /** Heap limit of each local function's worker thread, in MB. */
  functionMemoryMb: 256,
} as const;

/** Longest local function timeout, in seconds (Lambda's). */
export const MAX_FUNCTION_TIMEOUT_SECONDS = 900;
