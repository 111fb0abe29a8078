import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { readRpcParams } from '../../../../lib/api/rpc/rpc-params.ts';
import {
  canonicalQuery,
  computeSignature,
  percentEncode,
  signatureMatches,
  stringToSign,
} from '../../../../lib/api/rpc/signature.ts';

/** The secret of the captured requests' access key `testAK` (fnf-reference.md §10.2). */
const SECRET = 'testSecret';

/** The bodies the official SDK sent (fnf-reference.md §10.2), their signatures known. */
const CAPTURED = {
  ReportTaskSucceeded:
    'AccessKeyId=testAK&Action=ReportTaskSucceeded&Format=JSON&Output=%7B%22key%22%3A%22value%22%2C%22n%22%3A1%7D&SignatureMethod=HMAC-SHA1&SignatureNonce=68464c1187bc44a5c1dcebc48df7158d&SignatureVersion=1.0&TaskToken=tok%2F%2B%3D%20~%2A%21%28%29%27&Timestamp=2026-11-29T19%3A34%3A33Z&Version=2019-03-15&Signature=M2XikJ0T6TfeIqFMfOSk1kFQUU8%3D',
  StartExecution:
    'AccessKeyId=testAK&Action=StartExecution&CallbackFnFTaskToken=parentTok&ExecutionName=exec-1&FlowName=my-flow&Format=JSON&Input=%7B%22a%22%3A%5B1%2C2%5D%7D&SignatureMethod=HMAC-SHA1&SignatureNonce=7428d5eab358ac633241ad239e078a9d&SignatureVersion=1.0&Timestamp=2026-11-29T19%3A34%3A33Z&Version=2019-03-15&Signature=46DQGM%2F13PWDjUk2fiAdY%2FQCX7w%3D',
};

/** The parameters of a captured form body, decoded as the server decodes them. */
function paramsOf(body: string): Record<string, string> {
  return readRpcParams({
    method: 'POST',
    path: '/',
    query: {},
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body,
    requestId: 'r',
  });
}

describe('the RPC signature (HMAC-SHA1, SignatureVersion 1.0)', () => {
  for (const [action, body] of Object.entries(CAPTURED)) {
    it(`recomputes the signature of the SDK’s captured ${action}`, () => {
      const params = paramsOf(body);
      assert.equal(params.Action, action);
      const expected = params.Signature ?? '';
      assert.equal(computeSignature('POST', params, SECRET), expected);
      assert.ok(signatureMatches('POST', params, SECRET, expected));
      assert.ok(!signatureMatches('POST', params, 'wrong', expected));
      assert.ok(!signatureMatches('GET', params, SECRET, expected), 'the method is signed');
      // The canonical query is the body itself without `&Signature=…` (the SDK sends it sorted).
      assert.equal(canonicalQuery(params), body.replace(/&Signature=[^&]*$/, ''));
    });
  }

  it('decodes the token with every special character as the SDK encoded it', () => {
    assert.equal(paramsOf(CAPTURED.ReportTaskSucceeded).TaskToken, "tok/+= ~*!()'");
    assert.equal(paramsOf(CAPTURED.ReportTaskSucceeded).Output, '{"key":"value","n":1}');
  });

  it("percent-encodes as RFC 3986: unreserved characters stay, !'()* and space are escaped", () => {
    assert.equal(percentEncode("AZaz09-_.~ !'()*/+=&"), 'AZaz09-_.~%20%21%27%28%29%2A%2F%2B%3D%26');
    assert.equal(percentEncode('é'), '%C3%A9');
  });

  it('builds the string to sign METHOD&%2F&enc(canonical), with the parameters sorted and Signature left out', () => {
    assert.equal(
      stringToSign('get', { b: '2', a: 'x y', Signature: 'ignored' }),
      'GET&%2F&a%3Dx%2520y%26b%3D2',
    );
  });
});
