/**
 * Permission errors (`FC.AccessDenied`, `MNS.AccessDenied`: IAM refused the engine's call) are not
 * retried by `FnF.ALL` — a retry cannot succeed until the deployment grants the call — but a policy
 * that names one retries it, and catch rules match them as any other error.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { NON_RETRYABLE_ERRORS, PermissionErrors, retryMatches } from '../../../lib/engine/errors.ts';
import type { JsonObject } from '../../../lib/fdl/types.ts';
import { flow, pass, run, task, thrower } from '../../support/engine-flows.ts';

describe('permission errors', () => {
  it('are FC.AccessDenied and MNS.AccessDenied, the errors FnF.ALL does not retry', () => {
    assert.deepEqual([...NON_RETRYABLE_ERRORS].sort(), ['FC.AccessDenied', 'MNS.AccessDenied']);
    assert.equal(retryMatches(['FnF.ALL'], PermissionErrors.Function), false);
    assert.equal(retryMatches(['FnF.ALL'], PermissionErrors.Queue), false);
    assert.equal(retryMatches(['FnF.ALL'], 'FC.InternalServerError'), true);
    assert.equal(retryMatches(['FC.AccessDenied'], PermissionErrors.Function), true);
  });

  it('fail the task at once under a retry on FnF.ALL (one call, no retry timer)', () => {
    let calls = 0;
    const denied = (event: JsonObject) => {
      calls += 1;
      return thrower('FC.AccessDenied', 'not granted')(event);
    };
    const r = run(
      flow([task('t', 'f', { retry: [{ errors: ['FnF.ALL'], intervalSeconds: 1, maxAttempts: 5 }] })]),
      {},
      { f: denied },
    );
    r.start();
    r.advanceBy(60_000);
    assert.deepEqual([calls, r.state.status, r.state.error], [1, 'Failed', 'FC.AccessDenied']);
  });

  it('are retried by a policy that names them, and caught by FnF.ALL', () => {
    let calls = 0;
    const deniedTwice = (event: JsonObject) => {
      calls += 1;
      if (calls <= 2) thrower('MNS.AccessDenied')(event);
      return { ok: true };
    };
    const retried = run(
      flow([task('t', 'f', { retry: [{ errors: ['MNS.AccessDenied'], intervalSeconds: 1 }] })]),
      {},
      { f: deniedTwice },
    );
    retried.start();
    retried.advanceBy(60_000);
    assert.deepEqual([calls, retried.state.status], [3, 'Succeeded']);

    const caught = run(
      flow([
        task('t', 'f', { catch: [{ errors: ['FnF.ALL'], goto: 'denied' }] }),
        pass('denied', { handled: true }),
      ]),
      {},
      { f: thrower('FC.AccessDenied') },
    );
    caught.start();
    assert.deepEqual([caught.state.status, caught.state.output], ['Succeeded', { handled: true }]);
  });
});
