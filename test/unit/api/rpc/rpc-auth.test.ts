import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MemoryNonceStore } from '../../../../lib/adapters/memory/memory-nonce-store.ts';
import { parseTimestamp, RpcAuthenticator } from '../../../../lib/api/rpc/rpc-auth.ts';
import { RpcError } from '../../../../lib/api/rpc/rpc-errors.ts';
import { computeSignature } from '../../../../lib/api/rpc/signature.ts';

const NOW = Date.parse('2026-11-29T19:34:33Z');
const KEYS = { AK: 'SK' };

/** Signed parameters for `ListFlows` at `timestamp` with `nonce`. */
function signed(timestamp: string, nonce: string, secret = 'SK', id = 'AK'): Record<string, string> {
  const params: Record<string, string> = {
    Action: 'ListFlows',
    AccessKeyId: id,
    SignatureMethod: 'HMAC-SHA1',
    SignatureVersion: '1.0',
    SignatureNonce: nonce,
    Timestamp: timestamp,
    Version: '2019-03-15',
  };
  return { ...params, Signature: computeSignature('GET', params, secret) };
}

/** The code the verification fails with, `undefined` when it passes. */
async function codeOf(verifying: Promise<void>): Promise<string | undefined> {
  try {
    await verifying;
    return undefined;
  } catch (error) {
    assert.ok(error instanceof RpcError);
    return error.code;
  }
}

describe('RpcAuthenticator', () => {
  let now = NOW;
  const nonces = new MemoryNonceStore({ now: () => now });
  const auth = new RpcAuthenticator({ accessKeys: async () => KEYS, nonces, now: () => now });

  it('accepts a signed request once; its replay is SignatureNonceUsed', async () => {
    const params = signed('2026-11-29T19:34:33Z', 'n1');
    assert.equal(await codeOf(auth.verify('GET', params)), undefined);
    assert.equal(await codeOf(auth.verify('GET', params)), 'SignatureNonceUsed');
    assert.equal(
      await codeOf(auth.verify('GET', signed('2026-11-29T19:34:33Z', 'n1', 'SK'))),
      'SignatureNonceUsed',
    );
  });

  it('forgets a nonce only once its request would be too old anyway', async () => {
    const params = signed('2026-11-29T19:34:33Z', 'n2');
    assert.equal(await codeOf(auth.verify('GET', params)), undefined);
    now = NOW + 15 * 60_000;
    assert.equal(await codeOf(auth.verify('GET', params)), 'SignatureNonceUsed', 'still within the window');
    now = NOW + 15 * 60_000 + 1;
    assert.equal(await codeOf(auth.verify('GET', params)), 'RequestTimeTooSkewed');
    now = NOW;
  });

  it('checks the Timestamp: ±15 minutes, format YYYY-MM-DDTHH:mm:ssZ', async () => {
    assert.equal(await codeOf(auth.verify('GET', signed('2026-11-29T19:49:33Z', 'n3'))), undefined);
    assert.equal(await codeOf(auth.verify('GET', signed('2026-11-29T19:19:33Z', 'n4'))), undefined);
    assert.equal(
      await codeOf(auth.verify('GET', signed('2026-11-29T19:49:34Z', 'n5'))),
      'RequestTimeTooSkewed',
    );
    assert.equal(
      await codeOf(auth.verify('GET', signed('2026-11-29 19:34:33', 'n6'))),
      'RequestTimeTooSkewed',
    );
    assert.equal(parseTimestamp('2026-11-29T19:34:33.123Z'), NOW + 123);
    assert.equal(parseTimestamp('yesterday'), undefined);
  });

  it('refuses a wrong secret, an unknown key, unsigned requests and other signature methods', async () => {
    assert.equal(
      await codeOf(auth.verify('GET', signed('2026-11-29T19:34:33Z', 'n7', 'bad'))),
      'SignatureNotMatch',
    );
    assert.equal(
      await codeOf(auth.verify('POST', signed('2026-11-29T19:34:33Z', 'n8'))),
      'SignatureNotMatch',
    );
    assert.equal(
      await codeOf(auth.verify('GET', signed('2026-11-29T19:34:33Z', 'n9', 'SK', 'BK'))),
      'InvalidAccessKeyID',
    );
    assert.equal(await codeOf(auth.verify('GET', { Action: 'ListFlows' })), 'AccessDenied');
    const sha256 = { ...signed('2026-11-29T19:34:33Z', 'n10'), SignatureMethod: 'HMAC-SHA256' };
    assert.equal(await codeOf(auth.verify('GET', sha256)), 'InvalidArgument');
    const proto = signed('2026-11-29T19:34:33Z', 'n11', 'x', 'toString');
    assert.equal(await codeOf(auth.verify('GET', proto)), 'InvalidAccessKeyID', 'no inherited keys');
  });

  it('does not use up a nonce with a request whose signature does not match', async () => {
    assert.equal(
      await codeOf(auth.verify('GET', signed('2026-11-29T19:34:33Z', 'n12', 'bad'))),
      'SignatureNotMatch',
    );
    assert.equal(await codeOf(auth.verify('GET', signed('2026-11-29T19:34:33Z', 'n12'))), undefined);
  });

  it('accepts anything without access keys', async () => {
    const open = new RpcAuthenticator({ accessKeys: {} });
    assert.equal(await codeOf(open.verify('GET', { Action: 'ListFlows' })), undefined);
    assert.equal(
      await codeOf(new RpcAuthenticator().verify('POST', signed('1999-01-01T00:00:00Z', 'x', 'bad'))),
      undefined,
    );
  });
});
