import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";

// v1.<iv>.<auth tag>.<ciphertext>, base64url: the version leaves room to rotate the scheme or key.
const VERSION = "v1";
const IV_BYTES = 12;

/**
 * AES-256-GCM: confidentiality and integrity. `context` (e.g. "BusinessAccount.configEnc") is bound
 * as associated data, so a ciphertext copied into another column does not decrypt.
 */
export function sealJson(value: unknown, key: Buffer, context: string): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv("aes-256-gcm", key, iv);
  cipher.setAAD(Buffer.from(context, "utf8"));
  const ciphertext = Buffer.concat([cipher.update(JSON.stringify(value), "utf8"), cipher.final()]);
  return [VERSION, iv, cipher.getAuthTag(), ciphertext].map((part) => (typeof part === "string" ? part : part.toString("base64url"))).join(".");
}

/** Decrypts what sealJson wrote; throws when the data was altered or the key or context differs. */
export function openJson(sealed: string, key: Buffer, context: string): unknown {
  const [version, iv, tag, ciphertext] = sealed.split(".");
  if (version !== VERSION || iv === undefined || tag === undefined || ciphertext === undefined) {
    throw new Error("sealed value: unknown format");
  }
  const decipher = createDecipheriv("aes-256-gcm", key, Buffer.from(iv, "base64url"));
  decipher.setAAD(Buffer.from(context, "utf8"));
  decipher.setAuthTag(Buffer.from(tag, "base64url"));
  const plain = Buffer.concat([decipher.update(Buffer.from(ciphertext, "base64url")), decipher.final()]);
  return JSON.parse(plain.toString("utf8")) as unknown;
}
