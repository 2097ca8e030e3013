// SendGrid signs Event Webhook calls with an ECDSA P-256 key of the account; the simulator uses one
// key pair per process, or the account's own (its webhookSecret: a P-256 private key, PKCS#8 PEM or
// base64 DER) so a scenario can fix the key Herald is configured with.
import { createPrivateKey, createPublicKey, generateKeyPairSync, sign, type KeyObject } from "node:crypto";
import type { TSimAccount } from "../types";

let processKey: KeyObject | undefined;
const accountKeys = new Map<string, KeyObject>();

function privateKeyFrom(secret: string): KeyObject {
  const key = secret.trimStart().startsWith("-----BEGIN")
    ? createPrivateKey(secret)
    : createPrivateKey({ key: Buffer.from(secret, "base64"), format: "der", type: "pkcs8" });
  if (key.asymmetricKeyType !== "ec" || key.asymmetricKeyDetails?.namedCurve !== "prime256v1") {
    throw new Error("sendgrid: an account's webhookSecret must be an ECDSA P-256 private key");
  }
  return key;
}

export function signingKeyFor(account: TSimAccount | undefined): KeyObject {
  const secret = account?.webhookSecret;
  if (!secret) return (processKey ??= generateKeyPairSync("ec", { namedCurve: "prime256v1" }).privateKey);
  let key = accountKeys.get(secret);
  if (!key) {
    key = privateKeyFrom(secret);
    accountKeys.set(secret, key);
  }
  return key;
}

/** The verification key as SendGrid's console and API show it: base64 DER SubjectPublicKeyInfo. */
export function publicKeyBase64(privateKey: KeyObject): string {
  return createPublicKey(privateKey).export({ type: "spki", format: "der" }).toString("base64");
}

/** base64 DER ECDSA signature over timestamp + body, as SendGrid sends it. */
export function signEvents(privateKey: KeyObject, timestamp: string, body: string): string {
  return sign("sha256", Buffer.from(timestamp + body, "utf8"), privateKey).toString("base64");
}
