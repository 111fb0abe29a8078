/**
 * Invariant 7 on the local runtime (dynalite + fauxqs): a foreach of 100 queue callbacks, all waiting
 * at once, reported by 50 concurrent workers that never retry. Every report is answered 200 (none
 * fails because of another token), every token gets one message (invariant 6), and the DynamoDB
 * requests per report stay bounded. The same at 1,000 runs in `npm run test:chaos`; the measured
 * figures are in the `fanout` benchmark.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MAX_REQUESTS_PER_REPORT, runFanout } from '../../support/fanout-scenario.ts';

const ITEMS = 100;

describe('fan-out: 100 callbacks of one execution, 50 concurrent reporters (dynalite + fauxqs)', () => {
  it('answers every report 200, sends one message per token, and costs a bounded number of requests each', async () => {
    const result = await runFanout(ITEMS);
    assert.deepEqual(result.failures, []);
    assert.equal(result.reported, ITEMS);
    assert.equal(result.tokens, ITEMS);
    assert.equal(result.duplicated, 0, 'one message per token');
    assert.equal(result.status, 'Succeeded');
    process.stdout.write(
      `# DynamoDB requests per report at N=${ITEMS}: ${result.requestsPerReport.toFixed(2)}\n`,
    );
    assert.ok(
      result.requestsPerReport <= MAX_REQUESTS_PER_REPORT,
      `at most ${MAX_REQUESTS_PER_REPORT} DynamoDB requests per report, measured ${result.requestsPerReport.toFixed(2)}`,
    );
  });
});
