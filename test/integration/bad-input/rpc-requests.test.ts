/**
 * Bad input, the Alibaba RPC protocol (lib/api/rpc): generated requests on GET and POST / — every
 * action (and unknown ones), its parameters and others with nasty values, as a query string, a form
 * body or a JSON body, with odd content types and versions. Never a 5xx; a refusal is
 * `{RequestId, Code, Message}` with a 4xx and changes nothing.
 */
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { RPC_ACTIONS } from '../../../lib/api/rpc/rpc-routes.ts';
import { anyValue, fuzzParameters, hugeString, nastyString, type Tally, Target } from './fuzz-helpers.ts';

/** Parameter names the actions read. */
const PARAMS = [
  'FlowName',
  'ExecutionName',
  'Input',
  'CallbackFnFTaskToken',
  'Error',
  'Cause',
  'TaskToken',
  'Output',
  'Name',
  'Definition',
  'Description',
  'Type',
  'RoleArn',
  'Limit',
  'NextToken',
  'WaitTimeSeconds',
  'Status',
  'Qualifier',
  'ExecutionNamePrefix',
  'StartedTimeBegin',
  'StartedTimeEnd',
  'Version',
];

/** A parameter value: text of every kind, the real names, JSON of any value. */
const value = fc.oneof(
  { arbitrary: nastyString, weight: 4 },
  { arbitrary: fc.constantFrom('seed', 'run1', 'FDL', '2019-03-15', '0', '-1', '1001', '61'), weight: 2 },
  { arbitrary: anyValue.map((v) => (typeof v === 'string' ? v : (JSON.stringify(v) ?? ''))), weight: 2 },
  { arbitrary: hugeString, weight: 1 },
);

const params = fc
  .record({
    Action: fc.oneof(fc.constantFrom(...Object.keys(RPC_ACTIONS)), nastyString),
    rest: fc.dictionary(fc.oneof(fc.constantFrom(...PARAMS), nastyString), value, { maxKeys: 5 }),
  })
  .map(({ Action, rest }) => ({ ...rest, Action }) as Record<string, string>)
  // A valid long poll on the waiting execution would just wait.
  .filter((p) => !(p.Action === 'DescribeExecution' && /^[1-9]\d?$/.test(p.WaitTimeSeconds ?? '')));

const encodings = fc.constantFrom('query', 'form', 'json', 'odd-type');

describe('bad input on the RPC protocol (in process, memory runtime)', () => {
  it('never a 5xx; a refusal is {RequestId, Code, Message} and changes nothing', async (t) => {
    const target = await Target.create();
    const tally: Tally = {};
    await fc.assert(
      fc.asyncProperty(params, encodings, fc.constantFrom('GET', 'POST'), async (p, encoding, method) => {
        const form = new URLSearchParams(p).toString();
        if (encoding === 'query') {
          await target.check({ method, path: '/', query: p }, tally);
        } else if (encoding === 'form') {
          const headers = { 'content-type': 'application/x-www-form-urlencoded' };
          await target.check({ method: 'POST', path: '/', headers, body: form }, tally);
        } else if (encoding === 'json') {
          const headers = { 'content-type': 'application/json' };
          await target.check({ method: 'POST', path: '/', headers, body: JSON.stringify(p) }, tally);
        } else {
          const headers = { 'content-type': 'text/yaml; charset=binary' };
          await target.check({ method: 'POST', path: '/', headers, body: form }, tally);
        }
      }),
      fuzzParameters(300),
    );
    t.diagnostic(`answers by status: ${JSON.stringify(tally)}`);
  });
});
