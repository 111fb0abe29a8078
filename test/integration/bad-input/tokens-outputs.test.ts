/**
 * Bad input, task reports: generated tokens (random, empty, huge, unicode, not strings, and the real
 * token of a waiting task altered by one character) and outputs (not objects, JSON text of non-objects,
 * malformed JSON text, larger than 256 KiB, nested thousands deep), and bad errors and causes — on
 * ReportTaskSucceeded, ReportTaskFailed and ReportTaskHeartbeat, REST and RPC. Never a 5xx; the waiting
 * execution is never touched, also when the real token comes with a bad output (the request is
 * validated before the token is looked up).
 */
import { describe, it } from 'node:test';
import fc from 'fast-check';
import {
  anyValue,
  deepText,
  deepValue,
  fuzzParameters,
  hugeString,
  nastyString,
  Target,
} from './fuzz-helpers.ts';

/** A token: nasty, huge, random base64url of the right length, not a string, or the real one altered. */
function tokenOf(real: string): fc.Arbitrary<unknown> {
  return fc.oneof(
    nastyString,
    hugeString,
    fc.uint8Array({ minLength: 32, maxLength: 32 }).map((bytes) => Buffer.from(bytes).toString('base64url')),
    fc.constantFrom(null, 0, true, [], {}, [real], { taskToken: real }),
    fc.tuple(fc.nat(), fc.constantFrom('A', '-', '_', '=', ' ', '%', 'é', '')).map(([at, char]) => {
      const i = at % real.length;
      return real.slice(0, i) + char + real.slice(i + 1);
    }),
    fc.constantFrom(`${real} `, ` ${real}`, real.toUpperCase(), `${real}\u0000`, real.repeat(40)),
  );
}

/** An output that is not a JSON object of at most 256 KiB. */
const badOutput: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(null, 0, 'x', true, [], [{}], '[]', '1', '"x"', '{', '{"a":', 'null', ''),
  fc.jsonValue().filter((value) => value === null || typeof value !== 'object' || Array.isArray(value)),
  hugeString.filter((text) => text.length > 262_144).map((text) => ({ big: text })),
  deepValue,
  nastyString,
);

describe('bad input: task tokens and outputs (in process, memory runtime)', () => {
  it('ReportTaskSucceeded: bad tokens with any output, the real token with bad outputs', async () => {
    const target = await Target.create();
    const token = target.token;
    const bodies = fc.oneof(
      fc.record({ taskToken: tokenOf(token), output: fc.oneof(anyValue, fc.constant({ status: 'ok' })) }),
      fc.record({ taskToken: fc.constant(token), output: badOutput }),
      fc.record({ taskToken: fc.constant(token) }),
    );
    await fc.assert(
      fc.asyncProperty(bodies, async (body) => {
        await target.check({ method: 'POST', path: '/tasks/succeeded', body: JSON.stringify(body) });
      }),
      fuzzParameters(300),
    );
  });

  it('deep JSON bodies (up to 1,000,000 levels) as outputs and tokens', async () => {
    const target = await Target.create();
    await fc.assert(
      fc.asyncProperty(deepText, fc.boolean(), async (deep, asOutput) => {
        const body = asOutput
          ? `{"taskToken":${JSON.stringify(target.token)},"output":${deep}}`
          : `{"taskToken":${deep},"output":{}}`;
        await target.check({ method: 'POST', path: '/tasks/succeeded', body });
      }),
      fuzzParameters(30),
    );
  });

  it('ReportTaskFailed and ReportTaskHeartbeat: bad tokens, errors and causes', async () => {
    const target = await Target.create();
    const token = target.token;
    const badError = fc.oneof(fc.constantFrom('', null, 1, {}, []), hugeString, fc.constant('e'.repeat(129)));
    const requests = fc.oneof(
      fc.record({ taskToken: tokenOf(token), error: fc.oneof(anyValue, fc.constant('E')), cause: anyValue }),
      fc.record({ taskToken: fc.constant(token), error: badError, cause: anyValue }),
      fc.record({
        taskToken: fc.constant(token),
        error: fc.constant('E'),
        cause: fc.oneof(hugeString, fc.constant(1)),
      }),
    );
    await fc.assert(
      fc.asyncProperty(requests, fc.boolean(), async (body, heartbeat) => {
        const sent = heartbeat ? { taskToken: body.taskToken } : body;
        if (heartbeat && sent.taskToken === token) return; // a valid heartbeat
        await target.check({
          method: 'POST',
          path: heartbeat ? '/tasks/heartbeat' : '/tasks/failed',
          body: JSON.stringify(sent),
        });
      }),
      fuzzParameters(300),
    );
  });

  it('the RPC report actions: bad TaskToken, Output, Error and Cause', async () => {
    const target = await Target.create();
    const token = target.token;
    const text = (value: unknown) => (typeof value === 'string' ? value : (JSON.stringify(value) ?? ''));
    const params = fc.oneof(
      fc.record({
        Action: fc.constant('ReportTaskSucceeded'),
        TaskToken: tokenOf(token).map(text),
        Output: anyValue.map(text),
      }),
      fc.record({
        Action: fc.constant('ReportTaskSucceeded'),
        TaskToken: fc.constant(token),
        Output: badOutput.map(text),
      }),
      fc.record({
        Action: fc.constantFrom('ReportTaskFailed', 'ReportTaskHeartbeat'),
        TaskToken: tokenOf(token).map(text),
        Error: nastyString,
        Cause: fc.oneof(nastyString, hugeString),
      }),
    );
    await fc.assert(
      fc.asyncProperty(params, async (values) => {
        if (values.Action === 'ReportTaskHeartbeat' && values.TaskToken === token) return;
        await target.check({
          method: 'POST',
          path: '/',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams(values).toString(),
        });
      }),
      fuzzParameters(200),
    );
  });
});
