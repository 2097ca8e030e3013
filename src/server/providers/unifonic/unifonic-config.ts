import { z } from "zod";

export const ZUnifonicConfig = z.strictObject({
  /** The application's AppSid from Unifonic's console: it authenticates every request. */
  appSid: z
    .string({ error: "appSid: expected the AppSid of your Unifonic application" })
    .trim()
    .regex(/^[A-Za-z0-9_-]{8,64}$/, "appSid: expected the AppSid of your Unifonic application (8 to 64 letters and digits)"),
  /** A sender name approved for the application (up to 11 letters and digits) or a number (up to 15 digits). */
  senderId: z
    .string({ error: "senderId: expected the approved SenderID, e.g. HERALDLAB" })
    .trim()
    .regex(/^(?:[A-Za-z0-9 .&-]{1,11}|\d{1,15})$/, "senderId: expected the approved SenderID: up to 11 letters, digits, spaces, '.', '&' or '-', or up to 15 digits"),
});
export type TUnifonicConfig = z.output<typeof ZUnifonicConfig>;

/** The AppSid is the credential: never returned, kept on update when omitted. */
export const UNIFONIC_SECRET_FIELDS = ["appSid"] as const satisfies readonly (keyof TUnifonicConfig)[];
