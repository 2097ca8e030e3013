import { env, type TEnv } from "@/server/env";
import { dataDirSecret } from "@/server/data-dir-secret";

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

let cached: Buffer | undefined;

/** The process's key, resolved once from the environment. */
export function encryptionKey(): Buffer {
  cached ??= resolveEncryptionKey(env());
  return cached;
}
