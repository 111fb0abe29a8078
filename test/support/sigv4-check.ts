/**
 * An independent SigV4 check for tests (written from the AWS Signature Version 4 specification, not
 * with the SDK's signer): recomputes the signature of a received request and compares.
 */
import { createHash, createHmac } from 'node:crypto';

/** A request as a server received it. */
export interface ReceivedRequest {
  method: string;
  /** Path and query as sent (`/flows?limit=2`). */
  url: string;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** RFC 3986 encoding as SigV4 wants it. */
function uriEncode(text: string): string {
  return encodeURIComponent(text).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

function hmac(key: Buffer | string, data: string): Buffer {
  return createHmac('sha256', key).update(data).digest();
}

/**
 * Whether the request carries a valid SigV4 signature made with `secretAccessKey` for `service`.
 * Returns the reason when it does not.
 */
export function checkSigV4(
  request: ReceivedRequest,
  secretAccessKey: string,
  service: string,
): true | string {
  const authorization = String(request.headers.authorization ?? '');
  const match =
    /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request, SignedHeaders=([^,]+), Signature=([0-9a-f]{64})$/.exec(
      authorization,
    );
  if (!match) return `malformed Authorization header: ${authorization}`;
  const [, , date, region, signedService, signedHeaders, signature] = match as unknown as string[];
  if (signedService !== service) return `signed for service ${signedService}, not ${service}`;
  const amzDate = String(request.headers['x-amz-date'] ?? '');
  const url = new URL(request.url, 'http://placeholder');
  const query = [...url.searchParams.entries()]
    .map(([k, v]) => [uriEncode(k), uriEncode(v)] as const)
    .sort((a, b) => (a[0] === b[0] ? (a[1] < b[1] ? -1 : 1) : a[0] < b[0] ? -1 : 1))
    .map(([k, v]) => `${k}=${v}`)
    .join('&');
  const names = (signedHeaders ?? '').split(';');
  const canonicalHeaders = names
    .map((name) => `${name}:${String(request.headers[name] ?? '').trim()}\n`)
    .join('');
  const payloadHash = createHash('sha256').update(request.body).digest('hex');
  // Every service but S3 (API Gateway included) encodes each path segment twice: `my flow` is sent
  // as `my%20flow` and signed as `my%2520flow`.
  const path = url.pathname
    .split('/')
    .map((segment) => uriEncode(uriEncode(decodeURIComponent(segment))))
    .join('/');
  const canonical = [request.method, path, query, canonicalHeaders, signedHeaders, payloadHash].join('\n');
  const scope = `${date}/${region}/${service}/aws4_request`;
  const toSign = [
    'AWS4-HMAC-SHA256',
    amzDate,
    scope,
    createHash('sha256').update(canonical).digest('hex'),
  ].join('\n');
  let key = hmac(`AWS4${secretAccessKey}`, date ?? '');
  for (const part of [region ?? '', service, 'aws4_request']) key = hmac(key, part);
  const expected = createHmac('sha256', key).update(toSign).digest('hex');
  return expected === signature ? true : `signature mismatch (canonical request:\n${canonical})`;
}
