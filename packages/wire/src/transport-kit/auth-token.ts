import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * The credential a node presents with each batch (an HTTP header, gRPC metadata) when the cluster
 * has a shared secret: HMAC-SHA256(secret, "raft-wire-v1" ‖ clusterId ‖ senderId), hex. It binds the
 * sender id, so a token seen on the wire cannot be replayed under another node's name; it does not
 * hide traffic, so use TLS on untrusted networks.
 */
export function deriveAuthToken(secret: string | Uint8Array, clusterId: string, senderId: string): string {
  return createHmac('sha256', secret).update(`raft-wire-v1\u0000${clusterId}\u0000${senderId}`).digest('hex');
}

/**
 * Checks a presented token against the expected one in constant time (for equal lengths; a length
 * mismatch reveals only the length of a hex digest, which is public).
 */
export function verifyAuthToken(presented: string | undefined, expected: string): boolean {
  if (presented === undefined) return false;
  const presentedBytes = Buffer.from(presented, 'utf8');
  const expectedBytes = Buffer.from(expected, 'utf8');
  if (presentedBytes.length !== expectedBytes.length) return false;
  return timingSafeEqual(presentedBytes, expectedBytes);
}

/** Caches expected tokens per sender id, so the HMAC is computed once per peer, not per request. */
export class AuthTokenVerifier {
  readonly #secret: string | Uint8Array;
  readonly #clusterId: string;
  readonly #expected = new Map<string, string>();

  constructor(secret: string | Uint8Array, clusterId: string) {
    this.#secret = secret;
    this.#clusterId = clusterId;
  }

  /** Whether `token` is valid for `senderId`. */
  verify(senderId: string, token: string | undefined): boolean {
    let expected = this.#expected.get(senderId);
    if (expected === undefined) {
      expected = deriveAuthToken(this.#secret, this.#clusterId, senderId);
      // Bounded: a flood of made-up sender ids must not grow memory.
      if (this.#expected.size >= 1024) this.#expected.clear();
      this.#expected.set(senderId, expected);
    }
    return verifyAuthToken(token, expected);
  }
}
