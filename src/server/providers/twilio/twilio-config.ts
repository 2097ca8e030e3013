import { z } from "zod";
import type { Channel } from "@/generated/prisma/enums";

const ACCOUNT_SID = /^AC[0-9a-fA-F]{32}$/;
const API_KEY_SID = /^SK[0-9a-fA-F]{32}$/;
const MESSAGING_SERVICE_SID = /^MG[0-9a-fA-F]{32}$/;
const AUTH_TOKEN = /^[0-9a-fA-F]{32}$/;
const API_KEY_SECRET = /^[0-9A-Za-z]{32}$/;
const E164 = /^\+[1-9]\d{6,14}$/;
// Twilio's SMS senders besides numbers: alphanumeric ids (up to 11 characters, at least one letter) and short codes.
const ALPHANUMERIC_SENDER = /^(?=.*[A-Za-z])[A-Za-z0-9 ]{1,11}$/;
const SHORT_CODE = /^\d{5,6}$/;
const WHATSAPP_PREFIX = "whatsapp:";

const FROM_BY_CHANNEL = {
  SMS: z
    .string()
    .refine((v) => E164.test(v) || ALPHANUMERIC_SENDER.test(v) || SHORT_CODE.test(v), {
      error: "from: expected an E.164 number (+14155550100), an alphanumeric sender id of up to 11 characters, or a short code",
    }),
  // Stored as the bare number; the adapter adds the channel prefix. Either spelling is accepted.
  WHATSAPP: z
    .string()
    .transform((v) => (v.startsWith(WHATSAPP_PREFIX) ? v.slice(WHATSAPP_PREFIX.length) : v))
    .refine((v) => E164.test(v), { error: "from: expected the WhatsApp sender's E.164 number (+14155550100 or whatsapp:+14155550100)" }),
} satisfies Record<"SMS" | "WHATSAPP", z.ZodType<string, string>>;

function twilioConfigSchema(channel: "SMS" | "WHATSAPP") {
  return z
    .strictObject({
      accountSid: z.string().regex(ACCOUNT_SID, "accountSid: expected a Twilio Account SID starting with AC followed by 32 hex digits"),
      /** Signs webhooks, and authenticates API calls when no API key is given. */
      authToken: z.string().regex(AUTH_TOKEN, "authToken: expected the account's 32-character hex Auth Token"),
      apiKeySid: z.string().regex(API_KEY_SID, "apiKeySid: expected a Twilio API key SID starting with SK followed by 32 hex digits").optional(),
      apiKeySecret: z.string().regex(API_KEY_SECRET, "apiKeySecret: expected the API key's 32-character secret").optional(),
      from: FROM_BY_CHANNEL[channel].optional(),
      messagingServiceSid: z
        .string()
        .regex(MESSAGING_SERVICE_SID, "messagingServiceSid: expected a Messaging Service SID starting with MG followed by 32 hex digits")
        .optional(),
    })
    .superRefine((config, ctx) => {
      if (!config.from && !config.messagingServiceSid) {
        ctx.addIssue({ code: "custom", path: ["from"], message: "from or messagingServiceSid: expected at least one of them (the sender number or id, or a Messaging Service SID)" });
      }
      if (Boolean(config.apiKeySid) !== Boolean(config.apiKeySecret)) {
        const missing = config.apiKeySid ? "apiKeySecret" : "apiKeySid";
        ctx.addIssue({ code: "custom", path: [missing], message: `${missing}: expected with ${missing === "apiKeySid" ? "apiKeySecret" : "apiKeySid"} (an API key is its SID and its secret)` });
      }
    });
}

export const ZTwilioSmsConfig = twilioConfigSchema("SMS");
export const ZTwilioWhatsAppConfig = twilioConfigSchema("WHATSAPP");
export type TTwilioConfig = z.output<typeof ZTwilioSmsConfig>;

export const TWILIO_CONFIG_SCHEMAS = { SMS: ZTwilioSmsConfig, WHATSAPP: ZTwilioWhatsAppConfig } satisfies Partial<Record<Channel, z.ZodType<TTwilioConfig>>>;

/** Config keys that are credentials. */
export const TWILIO_SECRET_FIELDS = ["authToken", "apiKeySecret"] as const;

/** A Twilio channel address: WhatsApp numbers carry the "whatsapp:" prefix, SMS numbers none. */
export function twilioAddress(channel: "SMS" | "WHATSAPP", number: string): string {
  return channel === "WHATSAPP" && !number.startsWith(WHATSAPP_PREFIX) ? `${WHATSAPP_PREFIX}${number}` : number;
}

/** The number behind a channel address. */
export function withoutChannelPrefix(address: string): string {
  return address.startsWith(WHATSAPP_PREFIX) ? address.slice(WHATSAPP_PREFIX.length) : address;
}
