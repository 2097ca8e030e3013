import { createPublicKey } from "node:crypto";
import { z } from "zod";

/** Whether a string is what SendGrid's console shows as the Event Webhook verification key: base64 DER SPKI of a P-256 key. */
function isP256PublicKey(value: string): boolean {
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(value)) return false;
  try {
    const key = createPublicKey({ key: Buffer.from(value, "base64"), format: "der", type: "spki" });
    return key.asymmetricKeyType === "ec" && key.asymmetricKeyDetails?.namedCurve === "prime256v1";
  } catch {
    return false;
  }
}

export const ZSendGridConfig = z.strictObject({
  apiKey: z
    .string("apiKey: expected a SendGrid API key starting with SG.")
    .trim()
    .regex(/^SG\.[\w-]+\.[\w-]+$/, "apiKey: expected a SendGrid API key starting with SG. (SG.<id>.<secret>)"),
  from: z.email("from: expected the verified sender's email address, e.g. reports@lab.example"),
  fromName: z.string("fromName: expected a display name").trim().min(1, "fromName: expected a display name").max(100, "fromName: expected at most 100 characters").optional(),
  replyTo: z.email("replyTo: expected an email address").optional(),
  webhookPublicKey: z
    .string("webhookPublicKey: expected the Event Webhook's verification key (base64) from SendGrid's Mail Settings")
    .trim()
    .refine(isP256PublicKey, "webhookPublicKey: expected the Event Webhook's verification key from SendGrid's Mail Settings, a base64 ECDSA P-256 public key"),
});
export type TSendGridConfig = z.output<typeof ZSendGridConfig>;

/** Credentials: never returned, kept on update when omitted. The webhook key is public. */
export const SENDGRID_SECRET_FIELDS = ["apiKey"] as const;
