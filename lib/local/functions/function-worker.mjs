// The inside of a function's worker thread (started by `function-thread.ts`): loads one function
// module, then runs one call at a time, each posted on the port it was given, and posts back what
// the call logged and how it ended. Plain JavaScript, so that a thread for a .js function starts
// without TypeScript; tsx is registered only for a TypeScript module.
//
// Messages to the parent: {type: 'loaded'} | {type: 'noHandler'} | {type: 'loadFailed', error}
// | {type: 'log', level, time, message} | {type: 'result', outcome}; from it: {type: 'call', event,
// context, timeoutMs}. `error` is {name, constructorName, errorType?, message, stack}.
import { pathToFileURL } from 'node:url';
import { format } from 'node:util';
import { workerData } from 'node:worker_threads';

const { file, port, typescript, maxLinesPerCall, maxMessageChars } = workerData;

/** This file, as it appears in stack frames. */
const OWN_FILE = new URL(import.meta.url).pathname;

let linesThisCall = 0;
let droppedThisCall = 0;

/** Posts one log line (cut to `maxMessageChars`), unless the call has logged its share. */
function send(level, text, always = false) {
  if (!always && linesThisCall >= maxLinesPerCall) {
    droppedThisCall += 1;
    return;
  }
  linesThisCall += 1;
  // A logged error's stack shows this file's frames too: they say nothing about the function.
  const own = text.includes(OWN_FILE)
    ? text
        .split('\n')
        .filter((line) => !line.includes(OWN_FILE))
        .join('\n')
    : text;
  const message = own.length > maxMessageChars ? `${own.slice(0, maxMessageChars)}… (cut)` : own;
  port.postMessage({ type: 'log', level, time: Date.now(), message });
}

const CONSOLE_LEVELS = { debug: 'DEBUG', log: 'INFO', info: 'INFO', warn: 'WARN', error: 'ERROR' };
for (const [method, level] of Object.entries(CONSOLE_LEVELS)) {
  console[method] = (...args) => send(level, format(...args));
}
console.trace = (...args) => {
  const stack = (new Error().stack ?? '').split('\n').slice(2).join('\n');
  send('DEBUG', `Trace: ${format(...args)}\n${stack}`);
};

/** Partial lines of raw writes (`process.stdout.write`), sent when complete or when the call ends. */
const flushers = [];
for (const [stream, level] of [
  [process.stdout, 'INFO'],
  [process.stderr, 'ERROR'],
]) {
  let pending = '';
  stream.write = (chunk, encoding, callback) => {
    pending += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
    const lines = pending.split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines) send(level, line);
    const done = typeof encoding === 'function' ? encoding : callback;
    if (typeof done === 'function') queueMicrotask(() => done());
    return true;
  };
  flushers.push(() => {
    if (pending !== '') send(level, pending);
    pending = '';
  });
}

/** What the parent needs of a thrown value to name its flow error and show its stack. */
function partsOf(thrown) {
  if (!(thrown instanceof Error)) {
    return { name: 'Error', constructorName: 'Error', message: String(thrown), stack: '' };
  }
  return {
    name: thrown.name,
    constructorName: thrown.constructor?.name ?? 'Error',
    ...(typeof thrown.errorType === 'string' ? { errorType: thrown.errorType } : {}),
    message: thrown.message,
    stack: thrown.stack ?? '',
  };
}

/** The `handler` export (an ES module's, or a CommonJS module's through its default export). */
function handlerOf(module) {
  if (typeof module.handler === 'function') return module.handler;
  const viaDefault = module.default?.handler;
  return typeof viaDefault === 'function' ? viaDefault : undefined;
}

/** Runs one call and posts its outcome. */
async function run({ event, context, timeoutMs }, handler) {
  linesThisCall = 0;
  droppedThisCall = 0;
  const started = Date.now();
  const lambdaContext = {
    ...context,
    getRemainingTimeInMillis: () => Math.max(0, started + timeoutMs - Date.now()),
  };
  let outcome;
  try {
    const result = await handler(event, lambdaContext);
    let json;
    try {
      json = JSON.stringify(result ?? null);
    } catch (thrown) {
      json = undefined;
      outcome = { kind: 'notJson', message: thrown instanceof Error ? thrown.message : String(thrown) };
    }
    if (outcome === undefined) {
      outcome =
        json === undefined
          ? { kind: 'notJson', message: `a ${typeof result} is not a JSON value` }
          : { kind: 'returned', json };
    }
  } catch (thrown) {
    outcome = { kind: 'threw', error: partsOf(thrown) };
  }
  for (const flush of flushers) flush();
  if (droppedThisCall > 0) send('WARN', `${droppedThisCall} more log lines of this call dropped`, true);
  port.postMessage({ type: 'result', outcome });
}

let handler;
try {
  if (typescript) {
    // The CommonJS hook too: a .ts file outside a "type": "module" package is loaded as CommonJS.
    (await import('tsx/esm/api')).register();
    (await import('tsx/cjs/api')).register();
  }
  handler = handlerOf(await import(pathToFileURL(file).href));
  port.postMessage(handler === undefined ? { type: 'noHandler' } : { type: 'loaded' });
} catch (thrown) {
  for (const flush of flushers) flush();
  port.postMessage({ type: 'loadFailed', error: partsOf(thrown) });
}
if (handler !== undefined) {
  let queue = Promise.resolve();
  port.on('message', (message) => {
    if (message?.type !== 'call') return;
    queue = queue.then(() => run(message, handler));
  });
}
