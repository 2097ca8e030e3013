// HMAC-SHA256 signatures of a webhook's raw body, hex-encoded, as Interakt, Meta and generic
// vendors send them ("sha256=<hex>" or the bare hex), compared in constant time.
import { createHmac, timingSafeEqual } from "node:crypto";

/** The hex HMAC-SHA256 of the body with the secret. */
export function hmacSha256Hex(secret: string, rawBody: string): string {
  return createHmac("sha256", secret).update(rawBody, "utf8").digest("hex");
}

/** True when `header` ("sha256=<hex>", or the bare hex) is this body's signature with this secret. */
export function hasValidHmacSha256(header: string | null, secret: string, rawBody: string): boolean {
  if (!header || !secret) return false;
  const given = header.trim().replace(/^sha256=/i, "").toLowerCase();
  if (!/^[0-9a-f]{64}$/.test(given)) return false;
  return timingSafeEqual(Buffer.from(given, "hex"), Buffer.from(hmacSha256Hex(secret, rawBody), "hex"));
}
