/**
 * Verification of RPC signatures (fnf-reference.md §10.3). With access keys configured, every request
 * must be signed (HMAC-SHA1, `SignatureVersion=1.0`) by one of them, carry a `Timestamp` within
 * `maxSkewMs` of the server's time and a `SignatureNonce` not seen before (remembered until the request
 * could no longer pass the timestamp check). A `SecurityToken` is accepted as a signed parameter; it is
 * not validated (there is no STS). Without access keys, every request is accepted, signed or not.
 */
import type { NonceStore } from '../../ports/nonce-store.ts';
import { RpcError } from './rpc-errors.ts';
import type { RpcParams } from './rpc-params.ts';
import { signatureMatches, stringToSign } from './signature.ts';

/** Access keys: secret by access key id. */
export type AccessKeys = Readonly<Record<string, string>>;

/** Gives the access keys (may fetch them once, e.g. from Secrets Manager at a cold start). */
export type AccessKeysProvider = () => AccessKeys | Promise<AccessKeys>;

/** Largest distance between a request's `Timestamp` and the server's time: 15 minutes. */
export const DEFAULT_MAX_SKEW_MS = 15 * 60 * 1000;

/** What the verifier needs. */
export interface RpcAuthOptions {
  /** The access keys; none (or an empty set) accepts unsigned requests. */
  accessKeys?: AccessKeys | AccessKeysProvider;
  /** Where nonces are remembered (required for replay protection when keys are configured). */
  nonces?: NonceStore;
  /** Epoch ms (default `Date.now`). */
  now?: () => number;
  /** Default `DEFAULT_MAX_SKEW_MS`. */
  maxSkewMs?: number;
}

/** The parameters a signed request must carry. */
const SIGNED_PARAMS = ['AccessKeyId', 'Signature', 'SignatureNonce', 'Timestamp'] as const;

/** `YYYY-MM-DDTHH:mm:ssZ` (milliseconds allowed) → epoch ms, or `undefined`. */
export function parseTimestamp(text: string): number | undefined {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?Z$/.test(text)) return undefined;
  const time = Date.parse(text);
  return Number.isNaN(time) ? undefined : time;
}

/** Checks that a request's signature holds. */
export class RpcAuthenticator {
  readonly #keys: AccessKeysProvider;
  readonly #nonces: NonceStore | undefined;
  readonly #now: () => number;
  readonly #maxSkewMs: number;

  constructor(options: RpcAuthOptions = {}) {
    const keys = options.accessKeys ?? {};
    this.#keys = typeof keys === 'function' ? keys : () => keys;
    this.#nonces = options.nonces;
    this.#now = options.now ?? Date.now;
    this.#maxSkewMs = options.maxSkewMs ?? DEFAULT_MAX_SKEW_MS;
  }

  /**
   * Accepts the request or throws why not.
   * @throws RpcError `AccessDenied` (not signed), `InvalidAccessKeyID`, `RequestTimeTooSkewed`,
   *   `SignatureNotMatch`, `SignatureNonceUsed`, `InvalidArgument` (another method or version).
   */
  async verify(method: string, params: RpcParams): Promise<void> {
    const keys = await this.#keys();
    if (Object.keys(keys).length === 0) return;
    const missing = SIGNED_PARAMS.filter((name) => (params[name] ?? '') === '');
    if (missing.length > 0) {
      throw new RpcError('AccessDenied', `this API requires signed requests; missing: ${missing.join(', ')}`);
    }
    const { AccessKeyId: id = '', Signature: signature = '', SignatureNonce: nonce = '' } = params;
    if ((params.SignatureMethod ?? 'HMAC-SHA1') !== 'HMAC-SHA1') {
      throw new RpcError('InvalidArgument', `SignatureMethod '${params.SignatureMethod}' is not supported`);
    }
    if ((params.SignatureVersion ?? '1.0') !== '1.0') {
      throw new RpcError('InvalidArgument', `SignatureVersion '${params.SignatureVersion}' is not supported`);
    }
    const secret = Object.hasOwn(keys, id) ? keys[id] : undefined;
    if (secret === undefined) throw new RpcError('InvalidAccessKeyID', `Specified access key is not found.`);
    const time = parseTimestamp(params.Timestamp ?? '');
    const now = this.#now();
    if (time === undefined || Math.abs(now - time) > this.#maxSkewMs) {
      throw new RpcError(
        'RequestTimeTooSkewed',
        `Timestamp '${params.Timestamp}' is more than ${this.#maxSkewMs / 60_000} minutes from the server's time (${new Date(now).toISOString()})`,
      );
    }
    if (!signatureMatches(method, params, secret, signature)) {
      throw new RpcError(
        'SignatureNotMatch',
        `Specified signature is not matched with our calculation. server string to sign is:${stringToSign(method, params)}`,
      );
    }
    // After the signature: only the key's holder can use up a nonce.
    const expiresAt = Math.max(time, now) + this.#maxSkewMs;
    if (this.#nonces !== undefined && !(await this.#nonces.claim(id, nonce, expiresAt))) {
      throw new RpcError('SignatureNonceUsed', `Specified signature nonce was used already.`);
    }
  }
}
