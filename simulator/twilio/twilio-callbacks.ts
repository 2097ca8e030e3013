// Status callbacks and inbound messages, posted to Herald as Twilio posts them: form-encoded, signed.
import { createHmac, randomUUID } from "node:crypto";
import type { TCallback } from "../callbacks";
import type { TSimContext, TSimInbound } from "../types";
import { API_VERSION, markReached, messageResource, newSid, sessionKey, stateOf, type TSimMessage } from "./twilio-messages";

const WHATSAPP = "whatsapp:";

/** X-Twilio-Signature: base64(HMAC-SHA1(authToken, url + each parameter's name and value, sorted by name)). */
export function twilioSignature(authToken: string, url: string, params: Record<string, string>): string {
  const data = Object.keys(params)
    .sort()
    .reduce((acc, name) => acc + name + params[name], url);
  return createHmac("sha1", authToken).update(Buffer.from(data, "utf8")).digest("base64");
}

function signedForm(authToken: string, url: string, params: Record<string, string>): { headers: Record<string, string>; body: string } {
  return {
    headers: {
      "content-type": "application/x-www-form-urlencoded; charset=utf-8",
      "x-twilio-signature": twilioSignature(authToken, url, params),
      "i-twilio-idempotency-token": randomUUID(),
      "user-agent": "TwilioProxy/1.1",
    },
    body: new URLSearchParams(params).toString(),
  };
}

/** The parameters of one status callback, as the resource stood when Twilio sent it. */
function statusParams(message: TSimMessage, index: number): Record<string, string> {
  const step = message.steps[index]!;
  const resource = messageResource(message);
  return {
    AccountSid: message.accountSid,
    ApiVersion: API_VERSION,
    From: String(resource.from ?? ""),
    MessageSid: message.sid,
    MessageStatus: step.status,
    SmsSid: message.sid,
    SmsStatus: step.status,
    To: message.to,
    ...(message.messagingServiceSid && { MessagingServiceSid: message.messagingServiceSid }),
    ...(message.whatsapp && { ChannelPrefix: "whatsapp", ChannelToAddress: message.to.slice(WHATSAPP.length) }),
    ...(step.errorCode !== undefined && { ErrorCode: String(step.errorCode) }),
  };
}

/** Schedules a new message's status callbacks; each step is reached when its callback goes out. */
export function scheduleStatusCallbacks(message: TSimMessage, context: TSimContext): void {
  if (!message.statusCallback) return;
  const url = message.statusCallback;
  const callbacks: TCallback[] = message.steps.flatMap((step, index) =>
    step.callback
      ? [
          {
            url,
            label: `twilio:${step.status}`,
            heraldMessageId: message.heraldMessageId,
            build: () => {
              markReached(message, index);
              return signedForm(message.signingToken, url, statusParams(message, index));
            },
          },
        ]
      : [],
  );
  context.callbacks.sequence("twilio", message.accountSid, callbacks);
}

/**
 * A patient's message to the account's number, posted to the account's webhook and signed with its
 * auth token. To a "whatsapp:" number it is a WhatsApp message, and opens the sender's 24-hour session.
 */
export async function deliverInbound(input: TSimInbound, context: TSimContext): Promise<void> {
  const account = context.accounts.get("twilio", input.account);
  if (!account?.webhookUrl || !account.secret) {
    throw new Error(`twilio account ${input.account}: register it with a webhookUrl and a secret (its auth token) to receive inbound messages`);
  }
  const whatsapp = input.to.startsWith(WHATSAPP);
  const from = whatsapp && !input.from.startsWith(WHATSAPP) ? `${WHATSAPP}${input.from}` : input.from;
  const sid = newSid("SM");
  const params: Record<string, string> = {
    AccountSid: input.account,
    ApiVersion: API_VERSION,
    Body: input.body,
    From: from,
    MessageSid: sid,
    NumMedia: "0",
    NumSegments: "1",
    SmsMessageSid: sid,
    SmsSid: sid,
    SmsStatus: "received",
    To: input.to,
    ...(whatsapp && { WaId: from.replace(/\D/g, "") }),
  };
  if (whatsapp) stateOf(context).sessions.set(sessionKey(input.account, from), Date.now());
  const { webhookUrl, secret } = account;
  context.callbacks.send({ url: webhookUrl, label: "twilio:inbound", heraldMessageId: null, build: () => signedForm(secret, webhookUrl, params) });
}
