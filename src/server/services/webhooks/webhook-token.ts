// The unguessable token in the webhook path of an account whose provider does not sign its callbacks
// (adapter webhookAuth "path-token"). The token is the credential: 256 random bits, sealed at rest so
// delivery can hand the full URL to the provider, and hashed for the per-call check.
import { createHash, randomBytes } from "node:crypto";
import { encryptionKey } from "@/server/crypto/encryption-key";
import { openJson, sealJson } from "@/server/crypto/secret-box";

const TOKEN_BYTES = 32;
const CONTEXT = "BusinessAccount.webhookTokenEnc";
/** base64url of 32 bytes: what a token in a URL path must look like before it is worth a database query. */
export const WEBHOOK_TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

export type TWebhookToken = { token: string; tokenEnc: string; tokenHash: string };

/** SHA-256 is enough for a 256-bit random value: there is nothing to brute-force from the hash. */
export function hashWebhookToken(token: string): string {
  return createHash("sha256").update(token, "utf8").digest("hex");
}

export function newWebhookToken(key = encryptionKey()): TWebhookToken {
  const token = randomBytes(TOKEN_BYTES).toString("base64url");
  return { token, tokenEnc: sealJson(token, key, CONTEXT), tokenHash: hashWebhookToken(token) };
}

/** The token a sealed column holds; null when there is none or it no longer opens (then callbacks get 404 until rotated). */
export function openWebhookToken(tokenEnc: string | null | undefined, key = encryptionKey()): string | null {
  if (!tokenEnc) return null;
  try {
    const token = openJson(tokenEnc, key, CONTEXT);
    return typeof token === "string" ? token : null;
  } catch {
    return null;
  }
}

/** The columns of a fresh token, for create and rotate. */
export function webhookTokenColumns(now = new Date(), key = encryptionKey()) {
  const fresh = newWebhookToken(key);
  return { token: fresh.token, data: { webhookTokenEnc: fresh.tokenEnc, webhookTokenHash: fresh.tokenHash, webhookTokenRotatedAt: now } };
}
