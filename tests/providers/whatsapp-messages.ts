// WhatsApp and SMS messages as delivery hands them to an adapter, for the regional providers' tests.
import { randomBytes } from "node:crypto";
import type { TSmsMessage, TWhatsAppMessage, TWebhookRequest } from "@/server/providers/types";

const newId = () => `cmsg${Date.now().toString(36)}${randomBytes(4).toString("hex")}`;

export function templateMessage(to: string, parameters: string[] = ["Sara", "R-1001"], overrides: Partial<TWhatsAppMessage> = {}): TWhatsAppMessage {
  return { messageId: newId(), to, triggerKey: "REPORT_READY", body: null, template: { name: "report_ready", contentSid: null, language: "en", parameters }, ...overrides };
}

export function textSms(to: string, body = "Your report R-1001 is ready."): TSmsMessage {
  return { messageId: newId(), to, triggerKey: "REPORT_READY", body, segments: 1 };
}

/** A webhook call as the route hands it to an adapter. */
export function webhookRequest(url: string, rawBody: string, headers: Record<string, string> = {}): TWebhookRequest {
  return { url, method: "POST", headers: new Headers({ "content-type": "application/json", ...headers }), rawBody };
}

/** The error an adapter call threw, classified by the adapter. */
export async function failureOf(call: Promise<unknown>) {
  const error = await call.then(
    () => null,
    (e: unknown) => e,
  );
  if (error === null) throw new Error("expected the call to fail");
  return error;
}
