import { createCipheriv, createDecipheriv, createHash, randomBytes } from "node:crypto";

// v2.<key id>.<iv>.<auth tag>.<ciphertext>, base64url. v1 (no key id) is still read.
const VERSION = "v2";
const LEGACY_VERSION = "v1";
const IV_BYTES = 12;
// GCM accepts tags down to 4 bytes; insisting on the full 16 stops a forger shortening the tag to guess it.
const TAG_BYTES = 16;
const KEY_BYTES = 32;

export type TSealingKey = { id: string; key: Buffer };

/** The keys of a process: the newest seals; every one, the newest included, opens. */
export type TKeyRing = { current: TSealingKey; all: ReadonlyMap<string, Buffer> };

/** A key's id: derived from the key, so operators configure keys only and ids can never disagree with them. */
export function keyIdOf(key: Buffer): string {
  return createHash("sha256").update("herald-encryption-key-id:").update(key).digest("base64url").slice(0, 8);
}

/** A ring whose first key seals; the others only open what they sealed earlier. */
export function keyRing(newest: Buffer, older: Buffer[] = []): TKeyRing {
  const keys = [newest, ...older];
  for (const key of keys) if (key.length !== KEY_BYTES) throw new Error(`encryption key: expected ${KEY_BYTES} bytes, got ${key.length}`);
  return { current: { id: keyIdOf(newest), key: newest }, all: new Map(keys.map((key) => [keyIdOf(key), key])) };
}

const ringOf = (keys: Buffer | TKeyRing): TKeyRing => (Buffer.isBuffer(keys) ? keyRing(keys) : keys);

/**
 * AES-256-GCM: confidentiality and integrity. `context` (e.g. "BusinessAccount.configEnc") is bound
 * as associated data, so a ciphertext copied into another column does not decrypt. The key id is
 * bound too, so it cannot be swapped to make a value try another key.
 */
export function sealJson(value: unknown, keys: Buffer | TKeyRing, context: string): string {
  const { id, key } = ringOf(keys).current;
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv("aes-256-gcm", key, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(Buffer.from(`${context}:${id}`, "utf8"));
  const ciphertext = Buffer.concat([cipher.update(JSON.stringify(value), "utf8"), cipher.final()]);
  return [VERSION, id, ...[iv, cipher.getAuthTag(), ciphertext].map((part) => part.toString("base64url"))].join(".");
}

function decrypt(key: Buffer, aad: string, iv: string, tag: string, ciphertext: string): unknown {
  const ivBytes = Buffer.from(iv, "base64url");
  const tagBytes = Buffer.from(tag, "base64url");
  if (ivBytes.length !== IV_BYTES || tagBytes.length !== TAG_BYTES) throw new Error("sealed value: unknown format");
  const decipher = createDecipheriv("aes-256-gcm", key, ivBytes, { authTagLength: TAG_BYTES });
  decipher.setAAD(Buffer.from(aad, "utf8"));
  decipher.setAuthTag(tagBytes);
  const plain = Buffer.concat([decipher.update(Buffer.from(ciphertext, "base64url")), decipher.final()]);
  return JSON.parse(plain.toString("utf8")) as unknown;
}

/** The id of the key that sealed a value, or null for the v1 format, which named none. */
export function sealedKeyId(sealed: string): string | null {
  const [version, id] = sealed.split(".");
  return version === VERSION && id ? id : null;
}

/**
 * Decrypts what sealJson wrote, with the key its id names; a v1 value (no id) is tried with each
 * key, newest first. Throws when the data was altered, no configured key sealed it, or the context differs.
 */
export function openJson(sealed: string, keys: Buffer | TKeyRing, context: string): unknown {
  const ring = ringOf(keys);
  const parts = sealed.split(".");
  if (parts[0] === VERSION && parts.length === 5) {
    const [, id, iv, tag, ciphertext] = parts as [string, string, string, string, string];
    const key = ring.all.get(id);
    if (!key) throw new Error(`sealed value: sealed with key ${id}, which is not configured (HERALD_ENCRYPTION_KEY, HERALD_ENCRYPTION_KEYS_OLD)`);
    return decrypt(key, `${context}:${id}`, iv, tag, ciphertext);
  }
  if (parts[0] === LEGACY_VERSION && parts.length === 4) {
    const [, iv, tag, ciphertext] = parts as [string, string, string, string];
    let failure: unknown;
    // The ring lists the newest key first.
    for (const key of ring.all.values()) {
      try {
        return decrypt(key, context, iv, tag, ciphertext);
      } catch (error) {
        failure = error;
      }
    }
    throw failure;
  }
  throw new Error("sealed value: unknown format");
}
