import { z } from "zod";

// A template's language as Meta names them: "en", "ar", "en_US", "pt_BR".
const LANGUAGE_CODE = /^[a-z]{2,3}(_[A-Z]{2})?$/;

export const ZInteraktConfig = z.strictObject({
  /** The key from Interakt's Settings > Developer Settings, sent as `Authorization: Basic <apiKey>` exactly as shown there. */
  apiKey: z
    .string({ error: "apiKey: expected the API key from Interakt's Developer Settings" })
    .trim()
    .regex(/^[A-Za-z0-9+/=_-]{16,512}$/, "apiKey: expected the API key from Interakt's Developer Settings (letters, digits, + / = _ -, at least 16)"),
  /** The secret key of the webhook set in Interakt's Developer Settings: it signs each call (Interakt-Signature). */
  webhookSecret: z
    .string({ error: "webhookSecret: expected the webhook's secret key from Interakt's Developer Settings" })
    .trim()
    .min(8, "webhookSecret: expected the webhook's secret key from Interakt's Developer Settings (at least 8 characters)")
    .max(256, "webhookSecret: expected at most 256 characters"),
  /** Used for templates saved without a language. */
  defaultLanguage: z
    .string({ error: 'defaultLanguage: expected a WhatsApp template language code such as "en" or "ar"' })
    .regex(LANGUAGE_CODE, 'defaultLanguage: expected a WhatsApp template language code such as "en", "ar" or "en_US"')
    .default("en"),
});
export type TInteraktConfig = z.output<typeof ZInteraktConfig>;

/** Credentials: never returned, kept on update when omitted. */
export const INTERAKT_SECRET_FIELDS = ["apiKey", "webhookSecret"] as const satisfies readonly (keyof TInteraktConfig)[];

export const INTERAKT_API_ORIGIN = "https://api.interakt.ai";
export const INTERAKT_SEND_PATH = "/v1/public/message/";

/**
 * Interakt's documented limit on the Growth plan: 300 requests a minute per account. A 429 without
 * Retry-After waits one window, the time the provider's counter takes to let requests through again.
 */
export const INTERAKT_RATE_LIMIT = { requests: 300, windowMs: 60_000 } as const;
