// Status callbacks as Twilio and Resend send them, signed here from the providers' documented
// algorithms (not Herald's verifiers, which they test): Twilio a form body with X-Twilio-Signature,
// Resend a JSON event with Svix's headers.
import { createHmac, randomBytes } from "node:crypto";
import type { TResendBenchConfig, TTwilioBenchConfig } from "./provider-accounts";

export type TSignedCallback = { path: string; headers: Record<string, string>; body: string };

/** A message the bench put in SENT, as the provider knows it. */
export type TSentMessage = { id: string; providerMessageId: string; to: string };

/** base64(HMAC-SHA1(authToken, url + each parameter's name and value, sorted by name)). */
function twilioSignature(authToken: string, url: string, params: Record<string, string>): string {
  const data = Object.keys(params)
    .sort()
    .reduce((acc, name) => acc + name + params[name], url);
  return createHmac("sha1", authToken).update(data, "utf8").digest("base64");
}

/** Twilio's status callback for `status`, to the URL the adapter gave (Herald's message id in `m`). */
export function twilioCallback(origin: string, accountId: string, config: TTwilioBenchConfig, message: TSentMessage, status: "sent" | "delivered"): TSignedCallback {
  const path = `/api/webhooks/twilio/${accountId}?m=${encodeURIComponent(message.id)}`;
  const params = {
    AccountSid: config.accountSid,
    ApiVersion: "2010-04-01",
    From: config.from,
    MessageSid: message.providerMessageId,
    MessageStatus: status,
    SmsSid: message.providerMessageId,
    SmsStatus: status,
    To: message.to,
  };
  return {
    path,
    headers: { "content-type": "application/x-www-form-urlencoded", "x-twilio-signature": twilioSignature(config.authToken, `${origin}${path}`, params) },
    body: new URLSearchParams(params).toString(),
  };
}

/** One Svix message: v1 = base64(HMAC-SHA256(base64-decoded secret, `${id}.${timestamp}.${body}`)). */
export function resendCallback(accountId: string, config: TResendBenchConfig, message: TSentMessage, type: "email.sent" | "email.delivered", at = Date.now()): TSignedCallback {
  const svixId = `msg_${randomBytes(16).toString("base64url")}`;
  const timestamp = String(Math.floor(at / 1000));
  const createdAt = new Date().toISOString();
  const body = JSON.stringify({
    type,
    created_at: createdAt,
    data: { email_id: message.providerMessageId, created_at: createdAt, from: config.from, to: [message.to], subject: "Your report is ready", tags: { message_id: message.id } },
  });
  const key = Buffer.from(config.webhookSecret.slice("whsec_".length), "base64");
  const signature = createHmac("sha256", key).update(`${svixId}.${timestamp}.${body}`, "utf8").digest("base64");
  return {
    path: `/api/webhooks/resend/${accountId}`,
    headers: { "content-type": "application/json", "svix-id": svixId, "svix-timestamp": timestamp, "svix-signature": `v1,${signature}` },
    body,
  };
}
