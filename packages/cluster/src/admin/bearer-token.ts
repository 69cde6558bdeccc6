import { createHash, timingSafeEqual } from 'node:crypto';

/**
 * Whether an `Authorization` header carries `Bearer <secret>`. Both sides are hashed first so the
 * comparison is constant-time whatever the lengths: neither the secret's length nor how much of a
 * guess matched leaks through timing.
 */
export function bearerTokenMatches(header: string | undefined, secret: string): boolean {
  const match = /^Bearer (.+)$/i.exec(header ?? '');
  const given = createHash('sha256')
    .update(match?.[1] ?? '')
    .digest();
  const expected = createHash('sha256').update(secret).digest();
  return timingSafeEqual(given, expected) && match !== null;
}
