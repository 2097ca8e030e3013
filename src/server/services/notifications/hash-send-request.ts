import { createHash } from "node:crypto";
import { otpCodeDigest } from "@/server/services/otp/otp-code";

/**
 * JSON with every object's keys sorted and Dates as ISO strings: two requests
 * that say the same thing give the same text, whatever order a client wrote
 * their keys in. Fields left undefined are left out, as JSON.stringify does.
 */
function canonicalJson(value: unknown): string {
  if (value === undefined || value === null) return "null";
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (typeof value === "object") {
    const record = value as Record<string, unknown>;
    const keys = Object.keys(record).filter((key) => record[key] !== undefined).sort();
    return `{${keys.map((key) => `${JSON.stringify(key)}:${canonicalJson(key === OTP_VARIABLE ? keyed(record[key]) : record[key])}`).join(",")}}`;
  }
  return JSON.stringify(value);
}

// A six-digit code under a plain SHA-256 is found by trying a million candidates: it is hashed keyed first.
const OTP_VARIABLE = "otpCode";
const keyed = (value: unknown) => ({ keyed: otpCodeDigest(String(value)) });

/** SHA-256 (hex) of a request's canonical JSON, stored with its idempotency key so the key cannot stand for another request. */
export function hashSendRequest(request: unknown): string {
  return createHash("sha256").update(canonicalJson(request)).digest("hex");
}
