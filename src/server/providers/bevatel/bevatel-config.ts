import { z } from "zod";

const LANGUAGE_CODE = /^[a-z]{2,3}(_[A-Z]{2})?$/;

export const ZBevatelConfig = z.strictObject({
  /** The account id Bevatel's developer settings show, sent as the `api_account_id` header [C]. */
  apiAccountId: z
    .string({ error: "apiAccountId: expected the account id from Bevatel's developer settings" })
    .trim()
    .regex(/^[A-Za-z0-9_-]{1,64}$/, "apiAccountId: expected the account id from Bevatel's developer settings (letters, digits, _ or -)"),
  /** The access token, sent as the `api_access_token` header [C]. */
  apiAccessToken: z
    .string({ error: "apiAccessToken: expected the access token from Bevatel's developer settings" })
    .trim()
    .regex(/^[A-Za-z0-9_.=-]{16,256}$/, "apiAccessToken: expected the access token from Bevatel's developer settings (at least 16 characters)"),
  /** The WhatsApp inbox (channel) messages go out from [T]. */
  inboxId: z.coerce
    .number({ error: "inboxId: expected the numeric id of the WhatsApp inbox in Bevatel" })
    .int("inboxId: expected a whole number")
    .positive("inboxId: expected the numeric id of the WhatsApp inbox in Bevatel"),
  /** Used for templates saved without a language. */
  defaultLanguage: z
    .string({ error: 'defaultLanguage: expected a WhatsApp template language code such as "ar" or "en"' })
    .regex(LANGUAGE_CODE, 'defaultLanguage: expected a WhatsApp template language code such as "ar", "en" or "en_US"')
    .default("ar"),
});
export type TBevatelConfig = z.output<typeof ZBevatelConfig>;

export const BEVATEL_SECRET_FIELDS = ["apiAccessToken"] as const satisfies readonly (keyof TBevatelConfig)[];

export const BEVATEL_API_BASE = "https://chat.bevatel.com/developer/api/v1";
export const BEVATEL_SEND_PATH = "/messages";

/** Bevatel's documented cap [C]: 10 requests a second; a 429 without Retry-After waits one second. */
export const BEVATEL_RATE_LIMIT = { requests: 10, windowMs: 1_000 } as const;
