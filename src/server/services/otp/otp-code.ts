import { createHmac, hkdfSync, randomInt, timingSafeEqual } from "node:crypto";
import { resolveSecret } from "@/server/auth/secret";
import { encryptionKey } from "@/server/crypto/encryption-key";
import { openJson, sealJson } from "@/server/crypto/secret-box";
import { env } from "@/server/env";

let hashKey: Buffer | undefined;

/** The HMAC key for codes, derived from the server secret so it is never the session key itself. */
function otpHashKey(): Buffer {
  hashKey ??= Buffer.from(hkdfSync("sha256", resolveSecret(env()), "herald", "otp-code-hash-v1", 32));
  return hashKey;
}

/** A code of `length` digits from the CSPRNG, leading zeros kept (every code equally likely). */
export function generateOtpCode(length: number): string {
  return String(randomInt(0, 10 ** length)).padStart(length, "0");
}

/** The keyed hash stored for a code: bound to its challenge and purpose, so it proves nothing elsewhere. */
export function hashOtpCode(challengeId: string, purpose: string, code: string): string {
  return createHmac("sha256", otpHashKey()).update(`${challengeId}\n${purpose}\n${code}`).digest("base64url");
}

/** A code as kept where only its sameness matters (a send request's hash): keyed, so the hash cannot be searched for it. */
export function otpCodeDigest(code: string): string {
  return createHmac("sha256", otpHashKey()).update(`send-request\n${code}`).digest("base64url");
}

/** Whether `code` is the challenge's, compared in constant time (the hashes are always the same length). */
export function otpCodeMatches(storedHash: string, challengeId: string, purpose: string, code: string): boolean {
  const given = Buffer.from(hashOtpCode(challengeId, purpose, code));
  const stored = Buffer.from(storedHash);
  return given.length === stored.length && timingSafeEqual(given, stored);
}

const codeContext = (challengeId: string) => `OtpChallenge.codeSealed:${challengeId}`;

/** The code sealed for resends and fallbacks (AES-256-GCM, bound to the challenge). */
export function sealOtpCode(challengeId: string, code: string): string {
  return sealJson(code, encryptionKey(), codeContext(challengeId));
}

export function openOtpCode(challengeId: string, sealed: string): string {
  return openJson(sealed, encryptionKey(), codeContext(challengeId)) as string;
}

/** What stands for a code wherever content is shown or kept in plain columns. */
export function maskOtpCode(code: string): string {
  return "•".repeat(code.length);
}
