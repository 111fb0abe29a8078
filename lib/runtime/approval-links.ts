/**
 * Signed approval links (api.md "Approval links"): `{publicUrl}/callbacks/{taskId}/{approve|reject}
 * ?expires={epoch s}&signature={base64url}`, the signature an HMAC-SHA256 over the task id, the
 * decision and `expires` with the link secret. A link holds no token; checking one compares in
 * constant time and says why a link is refused (a bad signature is told apart from an expired one
 * only after the signature has been checked, so that nothing is learnt by forging).
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { ApprovalLinks, IdSource } from '../engine/types.ts';

/** The two decisions a link can carry. */
export type Decision = 'approve' | 'reject';

/** Bytes of a generated link secret (256 bits). */
export const LINK_SECRET_BYTES = 32;

/** Shortest link secret accepted (128 bits). */
export const MIN_LINK_SECRET_BYTES = 16;

/** A new random link secret. */
export function newLinkSecret(): Buffer {
  return randomBytes(LINK_SECRET_BYTES);
}

/** What checking a link found. */
export type LinkCheck = 'valid' | 'expired' | 'forged';

/** Signs and checks approval links with one secret, for one public base URL. */
export class LinkSigner {
  readonly #secret: Buffer;
  readonly #publicUrl: string | (() => string);

  /**
   * @param publicUrl the base of every link (the API's public URL), or a function giving it (a local
   * server knows its URL only once it listens).
   */
  constructor(secret: Buffer, publicUrl: string | (() => string)) {
    if (secret.length < MIN_LINK_SECRET_BYTES)
      throw new Error(`the link secret must have at least ${MIN_LINK_SECRET_BYTES} bytes`);
    this.#secret = Buffer.from(secret);
    this.#publicUrl = publicUrl;
  }

  /** The base of every link, without a trailing `/`. */
  get publicUrl(): string {
    const url = typeof this.#publicUrl === 'string' ? this.#publicUrl : this.#publicUrl();
    return url.replace(/\/+$/, '');
  }

  /** The signature of a decision on a task until `expires` (epoch seconds), base64url. */
  sign(taskId: string, decision: Decision, expires: number): string {
    return createHmac('sha256', this.#secret)
      .update(`${taskId}\n${decision}\n${expires}`)
      .digest('base64url');
  }

  /** The link of a decision. */
  link(taskId: string, decision: Decision, expires: number): string {
    const signature = this.sign(taskId, decision, expires);
    return `${this.publicUrl}/callbacks/${taskId}/${decision}?expires=${expires}&signature=${signature}`;
  }

  /** The approve and reject links of a task. */
  links(taskId: string, expires: number): ApprovalLinks {
    return {
      approveUrl: this.link(taskId, 'approve', expires),
      rejectUrl: this.link(taskId, 'reject', expires),
    };
  }

  /** Checks a link's parts at `nowMs`: the signature first (in constant time), then its expiry. */
  check(taskId: string, decision: string, expires: string, signature: string, nowMs: number): LinkCheck {
    if ((decision !== 'approve' && decision !== 'reject') || !/^\d{1,12}$/.test(expires)) return 'forged';
    const expected = Buffer.from(this.sign(taskId, decision, Number(expires)), 'utf8');
    const given = Buffer.from(signature, 'utf8');
    // (Unequal lengths differ anyway; comparing equal-length buffers keeps the comparison constant-time.)
    const same = given.length === expected.length && timingSafeEqual(given, expected);
    if (!same) return 'forged';
    return Number(expires) * 1000 <= nowMs ? 'expired' : 'valid';
  }
}

/** `ids` whose waitForCallback tasks get approval links signed by `signer`. */
export function withApprovalLinks(ids: IdSource, signer: LinkSigner): IdSource {
  return {
    newSeed: () => ids.newSeed(),
    tokenOf: (seed, scheduleEventId) => ids.tokenOf(seed, scheduleEventId),
    uuid: () => ids.uuid(),
    approvalLinks: (taskId, expires) => signer.links(taskId, expires),
  };
}
