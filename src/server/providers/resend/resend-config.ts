import { z } from "zod";

// Resend's own address rule is looser than RFC 5322; this catches the mistakes a person makes in a form.
const ADDRESS = /^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$/;
const NAMED_ADDRESS = /^[^<>]*<([^\s@<>]+@[^\s@<>]+\.[^\s@<>]+)>$/;

/** True for "lab@example.com" and "Lab Name <lab@example.com>", the two forms Resend takes for `from`. */
export function isSenderAddress(value: string): boolean {
  const trimmed = value.trim();
  return ADDRESS.test(trimmed) || NAMED_ADDRESS.test(trimmed);
}

export const ZResendConfig = z.strictObject({
  apiKey: z
    .string({ error: "apiKey: expected a Resend API key starting with re_" })
    .trim()
    .regex(/^re_[A-Za-z0-9_-]{4,}$/, "apiKey: expected a Resend API key starting with re_"),
  from: z
    .string({ error: 'from: expected a sender address such as "lab@example.com" or "Lab Name <lab@example.com>"' })
    .trim()
    .max(320)
    .refine(isSenderAddress, 'from: expected a sender address such as "lab@example.com" or "Lab Name <lab@example.com>"'),
  replyTo: z
    .string()
    .trim()
    .regex(ADDRESS, "replyTo: expected an email address such as reception@example.com")
    .optional(),
  /** The signing secret of the webhook the lab created in Resend, pointing at Herald's webhook URL for the account. */
  webhookSecret: z
    .string({ error: "webhookSecret: expected the webhook's signing secret starting with whsec_" })
    .trim()
    .regex(/^whsec_[A-Za-z0-9+/=]{8,}$/, "webhookSecret: expected the webhook's signing secret starting with whsec_"),
});
export type TResendConfig = z.output<typeof ZResendConfig>;

/** Credentials: never returned by the API, kept on update when omitted. */
export const RESEND_SECRET_FIELDS = ["apiKey", "webhookSecret"] as const satisfies readonly (keyof TResendConfig)[];
