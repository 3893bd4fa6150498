/**
 * Per-client tokens: token(u) = hex HMAC-SHA256(secret, user id). A client holding token(u) can act as
 * u and only as u; the server stores no token, only the secret. Comparison is constant time.
 */
import { createHmac, timingSafeEqual } from "node:crypto";

/** The token of `userId` under `secret` (64 hex characters). */
export function clientToken(secret: string, userId: string): string {
  return createHmac("sha256", secret).update(userId, "utf8").digest("hex");
}

/** True when `presented` is the token of `userId` (constant-time comparison). */
export function verifyToken(secret: string, userId: string, presented: string): boolean {
  const expected = Buffer.from(clientToken(secret, userId), "utf8");
  const got = Buffer.from(presented, "utf8");
  return got.length === expected.length && timingSafeEqual(got, expected);
}
