/**
 * The Alibaba RPC signature, version 1.0 (HMAC-SHA1), exactly as `@alicloud/pop-core` computes it
 * (fnf-reference.md §10.3): every parameter but `Signature`, sorted by name, each name and value
 * percent-encoded per RFC 3986 (`!'()*` escaped too, space as `%20`), joined with `&`; the string to sign
 * is `METHOD&%2F&enc(canonical)`; the key is the secret followed by `&`; the signature is base64.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

/** `encodeURIComponent`, plus `! ' ( ) *` escaped: RFC 3986 unreserved characters only stay as they are. */
export function percentEncode(text: string): string {
  return encodeURIComponent(text).replace(
    /[!'()*]/g,
    (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

/** The canonical query: the parameters but `Signature`, sorted by name, encoded, joined with `&`. */
export function canonicalQuery(params: Readonly<Record<string, string>>): string {
  return Object.keys(params)
    .filter((name) => name !== 'Signature')
    .sort()
    .map((name) => `${percentEncode(name)}=${percentEncode(params[name] ?? '')}`)
    .join('&');
}

/** The string to sign: `METHOD&%2F&enc(canonical query)` (the path is always `/`). */
export function stringToSign(method: string, params: Readonly<Record<string, string>>): string {
  return `${method.toUpperCase()}&${percentEncode('/')}&${percentEncode(canonicalQuery(params))}`;
}

/** The base64 HMAC-SHA1 signature of a request's parameters with `secret` (the key is `secret + '&'`). */
export function computeSignature(
  method: string,
  params: Readonly<Record<string, string>>,
  secret: string,
): string {
  return createHmac('sha1', `${secret}&`).update(stringToSign(method, params), 'utf8').digest('base64');
}

/** True when `given` is the signature of the parameters with `secret` (compared in constant time). */
export function signatureMatches(
  method: string,
  params: Readonly<Record<string, string>>,
  secret: string,
  given: string,
): boolean {
  const expected = Buffer.from(computeSignature(method, params, secret), 'utf8');
  const actual = Buffer.from(given, 'utf8');
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}
