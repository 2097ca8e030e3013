// Svix's webhook signature (Resend's webhooks), checked with node:crypto: svix's own verifier
// computes the HMAC in JavaScript, a few times the CPU of the rest of a Resend callback's handling.
import { createHmac, timingSafeEqual } from "node:crypto";

const SECRET_PREFIX = "whsec_";

/**
 * True when one of `signature`'s space-separated "v1,<base64>" entries is
 * base64(HMAC-SHA256(base64-decoded secret, `${id}.${timestamp}.${body}`)), as Svix signs (the
 * timestamp read as whole seconds, as Svix reads it). Freshness is the caller's to check.
 */
export function hasValidSvixSignature(secret: string, id: string, timestamp: string, signature: string, rawBody: string): boolean {
  const key = Buffer.from(secret.startsWith(SECRET_PREFIX) ? secret.slice(SECRET_PREFIX.length) : secret, "base64");
  const seconds = Number.parseInt(timestamp, 10);
  if (key.length === 0 || Number.isNaN(seconds)) return false;
  const expected = createHmac("sha256", key).update(`${id}.${seconds}.${rawBody}`, "utf8").digest();
  return signature.split(" ").some((entry) => {
    const [version, given] = entry.split(",");
    if (version !== "v1" || !given) return false;
    const decoded = Buffer.from(given, "base64");
    return decoded.length === expected.length && timingSafeEqual(decoded, expected);
  });
}
