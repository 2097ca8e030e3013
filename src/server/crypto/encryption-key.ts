import { env, type TEnv } from "@/server/env";
import { dataDirSecret } from "@/server/data-dir-secret";
import { keyRing, type TKeyRing } from "@/server/crypto/secret-box";

const KEY_BYTES = 32;

/**
 * The AES-256 key for provider credentials. Production must set HERALD_ENCRYPTION_KEY; the embedded
 * default keeps a generated key under the data directory, as it does the session secret, so
 * credentials stay readable across restarts without any setup.
 */
export function resolveEncryptionKey(e: TEnv): Buffer {
  if (e.HERALD_ENCRYPTION_KEY) return Buffer.from(e.HERALD_ENCRYPTION_KEY, "base64");
  const text = dataDirSecret(e, { variable: "HERALD_ENCRYPTION_KEY", file: "encryption-key", bytes: KEY_BYTES, encoding: "base64" });
  const key = Buffer.from(text, "base64");
  if (key.length !== KEY_BYTES) throw new Error(`${e.HERALD_DATA_DIR}/encryption-key: expected ${KEY_BYTES} bytes, base64-encoded`);
  return key;
}

/** HERALD_ENCRYPTION_KEY seals; it and the keys in HERALD_ENCRYPTION_KEYS_OLD open. */
export function resolveKeyRing(e: TEnv): TKeyRing {
  const older = (e.HERALD_ENCRYPTION_KEYS_OLD ?? "")
    .split(",")
    .map((k) => k.trim())
    .filter(Boolean)
    .map((k) => Buffer.from(k, "base64"));
  return keyRing(resolveEncryptionKey(e), older);
}

let cached: TKeyRing | undefined;

/** The process's keys, resolved once from the environment: the newest seals, every one opens. */
export function encryptionKey(): TKeyRing {
  cached ??= resolveKeyRing(env());
  return cached;
}
