import { randomBytes } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { env, type TEnv } from "@/server/env";

const KEY_BYTES = 32;

/**
 * The AES-256 key for provider credentials. Production must set HERALD_ENCRYPTION_KEY; the embedded
 * default keeps a generated key under the data directory, as it does the session secret, so
 * credentials stay readable across restarts without any setup.
 */
export function resolveEncryptionKey(e: TEnv): Buffer {
  if (e.HERALD_ENCRYPTION_KEY) return Buffer.from(e.HERALD_ENCRYPTION_KEY, "base64");
  if (e.NODE_ENV === "production" && e.DATABASE_URL) {
    throw new Error("HERALD_ENCRYPTION_KEY: required in production (32 bytes, base64: openssl rand -base64 32)");
  }
  const file = path.resolve(e.HERALD_DATA_DIR, "encryption-key");
  mkdirSync(path.dirname(file), { recursive: true });
  try {
    // "wx" fails if the file exists: two processes starting together end up with the same key.
    writeFileSync(file, randomBytes(KEY_BYTES).toString("base64"), { mode: 0o600, flag: "wx" });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
  }
  const key = Buffer.from(readFileSync(file, "utf8").trim(), "base64");
  if (key.length !== KEY_BYTES) throw new Error(`${file}: expected ${KEY_BYTES} bytes, base64-encoded`);
  return key;
}

let cached: Buffer | undefined;

/** The process's key, resolved once from the environment. */
export function encryptionKey(): Buffer {
  cached ??= resolveEncryptionKey(env());
  return cached;
}
