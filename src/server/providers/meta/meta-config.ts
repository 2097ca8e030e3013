import { z } from "zod";

export const ZMetaConfig = z.strictObject({
  /** The sending number's id in WhatsApp Manager (not the phone number itself). */
  phoneNumberId: z
    .string({ error: "phoneNumberId: expected the Phone number ID from WhatsApp Manager, digits only" })
    .trim()
    .regex(/^\d{6,20}$/, "phoneNumberId: expected the Phone number ID from WhatsApp Manager, digits only"),
  /** A system user's permanent access token with whatsapp_business_messaging. */
  accessToken: z
    .string({ error: "accessToken: expected a system user access token" })
    .trim()
    .regex(/^[A-Za-z0-9_-]{20,}$/, "accessToken: expected a system user access token (letters and digits, usually starting EAA)"),
  /** The Meta app's secret: webhook calls are signed with it (X-Hub-Signature-256). */
  appSecret: z
    .string({ error: "appSecret: expected the app secret from the Meta app's Basic settings" })
    .trim()
    .regex(/^[0-9a-f]{32}$/i, "appSecret: expected the app secret from the Meta app's Basic settings (32 hexadecimal characters)"),
  /** What the lab typed as "Verify token" when subscribing Herald's webhook URL in the app's WhatsApp settings. */
  verifyToken: z
    .string({ error: "verifyToken: expected the verify token entered in the app's webhook settings" })
    .trim()
    .min(16, "verifyToken: expected at least 16 characters, the verify token entered in the app's webhook settings")
    .max(200, "verifyToken: expected at most 200 characters"),
  /** A template's language when the template binding names none, e.g. en_US or ar. */
  defaultLanguage: z
    .string()
    .trim()
    .regex(/^[a-z]{2,3}(?:_[A-Z]{2})?$/, "defaultLanguage: expected a WhatsApp template language code such as en, en_US or ar")
    .default("en"),
});
export type TMetaConfig = z.output<typeof ZMetaConfig>;

/** Credentials: never returned, kept on update when omitted. The phone number id is not one. */
export const META_SECRET_FIELDS = ["accessToken", "appSecret", "verifyToken"] as const satisfies readonly (keyof TMetaConfig)[];
