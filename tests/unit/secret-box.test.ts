import { describe, expect, it } from "vitest";
import { parseEnv } from "@/server/env";
import { resolveKeyRing } from "@/server/crypto/encryption-key";
import { keyIdOf, keyRing, openJson, sealedKeyId, sealJson } from "@/server/crypto/secret-box";
import { sealV1 } from "../helpers/seal-v1";

const CONTEXT = "BusinessAccount.configEnc";
const oldKey = Buffer.alloc(32, 1);
const newKey = Buffer.alloc(32, 2);
const AUTH_FAILURE = /unsupported state or unable to authenticate data/i;

/** Changes the first character of one dot-separated part, whatever it was. */
function tamper(sealed: string, index: number): string {
  const parts = sealed.split(".");
  const part = parts[index]!;
  parts[index] = `${part.startsWith("A") ? "B" : "A"}${part.slice(1)}`;
  return parts.join(".");
}

describe("sealed credentials", () => {
  it("name the key that sealed them, and open only with it", () => {
    const sealed = sealJson({ authToken: "tok" }, newKey, CONTEXT);
    expect(sealed.split(".")).toHaveLength(5);
    expect(sealed.startsWith(`v2.${keyIdOf(newKey)}.`)).toBe(true);
    expect(sealedKeyId(sealed)).toBe(keyIdOf(newKey));
    expect(keyIdOf(newKey)).not.toBe(keyIdOf(oldKey));
    expect(openJson(sealed, newKey, CONTEXT)).toEqual({ authToken: "tok" });
    expect(() => openJson(sealed, oldKey, CONTEXT)).toThrow(new RegExp(`sealed with key ${keyIdOf(newKey)}, which is not configured`));
  });

  it("refuse any tampering: ciphertext, tag, iv, the key id or the context", () => {
    const sealed = sealJson({ authToken: "tok" }, newKey, CONTEXT);
    expect(() => openJson(tamper(sealed, 4), newKey, CONTEXT)).toThrow(AUTH_FAILURE);
    expect(() => openJson(tamper(sealed, 3), newKey, CONTEXT)).toThrow(AUTH_FAILURE);
    expect(() => openJson(tamper(sealed, 2), newKey, CONTEXT)).toThrow(AUTH_FAILURE);
    expect(() => openJson(sealed, newKey, "Other.column")).toThrow(AUTH_FAILURE);
    // Relabelled with another configured key's id, the value does not open with that key.
    const relabelled = sealed.replace(`.${keyIdOf(newKey)}.`, `.${keyIdOf(oldKey)}.`);
    expect(() => openJson(relabelled, keyRing(newKey, [oldKey]), CONTEXT)).toThrow(AUTH_FAILURE);
  });

  it("refuse a shortened auth tag, which GCM would otherwise accept", () => {
    const sealed = sealJson({ authToken: "tok" }, newKey, CONTEXT);
    const parts = sealed.split(".");
    parts[3] = Buffer.from(parts[3]!, "base64url").subarray(0, 4).toString("base64url");
    expect(() => openJson(parts.join("."), newKey, CONTEXT)).toThrow(/unknown format/);
  });

  it("still open the first format (no key id) with the current key or an old one", () => {
    expect(openJson(sealV1({ apiKey: "a" }, newKey, CONTEXT), keyRing(newKey), CONTEXT)).toEqual({ apiKey: "a" });
    expect(openJson(sealV1({ apiKey: "b" }, oldKey, CONTEXT), keyRing(newKey, [oldKey]), CONTEXT)).toEqual({ apiKey: "b" });
    expect(() => openJson(sealV1({ apiKey: "c" }, oldKey, CONTEXT), keyRing(newKey), CONTEXT)).toThrow(AUTH_FAILURE);
    expect(() => openJson(tamper(sealV1({ apiKey: "d" }, newKey, CONTEXT), 3), keyRing(newKey), CONTEXT)).toThrow(AUTH_FAILURE);
  });

  it("after rotation seal with the newest key and open with every configured one", () => {
    const env = parseEnv({ HERALD_ENCRYPTION_KEY: newKey.toString("base64"), HERALD_ENCRYPTION_KEYS_OLD: `${oldKey.toString("base64")}, ${Buffer.alloc(32, 9).toString("base64")}` });
    const ring = resolveKeyRing(env);
    expect(ring.current.id).toBe(keyIdOf(newKey));
    expect([...ring.all.keys()]).toEqual([keyIdOf(newKey), keyIdOf(oldKey), keyIdOf(Buffer.alloc(32, 9))]);
    const beforeRotation = sealJson({ from: "LAB" }, oldKey, CONTEXT);
    expect(openJson(beforeRotation, ring, CONTEXT)).toEqual({ from: "LAB" });
    expect(sealedKeyId(sealJson({ from: "LAB" }, ring, CONTEXT))).toBe(keyIdOf(newKey));
  });

  it("refuse an old key that is not 32 bytes, naming the variable", () => {
    expect(() => parseEnv({ HERALD_ENCRYPTION_KEYS_OLD: `${oldKey.toString("base64")},c2hvcnQ=` })).toThrow(/HERALD_ENCRYPTION_KEYS_OLD: expected comma-separated keys of 32 bytes/);
  });
});
