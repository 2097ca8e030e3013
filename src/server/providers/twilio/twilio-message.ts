import { ProviderError } from "@/server/providers/provider-error";
import { twilioAddress } from "@/server/providers/twilio/twilio-config";
import { reportedCode } from "@/server/providers/reported-code";
import { twilioErrorDescription, twilioReasonOf } from "@/server/providers/twilio/twilio-errors";
import type { TTwilioConfig } from "@/server/providers/twilio/twilio-config";
import { isInboundStatus, mapTwilioStatus } from "@/server/providers/twilio/twilio-statuses";
import type { TSmsMessage, TStatusReport, TWhatsAppMessage } from "@/server/providers/types";

/** What the SDK's messages.create takes, as far as Herald uses it. */
export type TCreateMessageParams = {
  to: string;
  from?: string;
  messagingServiceSid?: string;
  statusCallback: string;
  body?: string;
  contentSid?: string;
  contentVariables?: string;
};

/** The parts of Twilio's Message resource (as the SDK reads it) that Herald records. */
export type TTwilioMessageResource = {
  sid: string;
  status: string;
  errorCode: number | null;
  errorMessage: string | null;
  numSegments: string | null;
  price: string | null;
  priceUnit: string | null;
  dateCreated: Date | null;
  dateSent: Date | null;
  dateUpdated: Date | null;
};

/**
 * Herald's webhook URL for this account with the message id appended: Twilio signs the URL it calls,
 * query included, so the webhook must verify against exactly this string.
 */
export function statusCallbackUrl(webhookUrl: string, messageId: string): string {
  return `${webhookUrl}${webhookUrl.includes("?") ? "&" : "?"}m=${encodeURIComponent(messageId)}`;
}

/**
 * The sender fields set on `params`, each only when the account has it. Assigned rather than spread
 * into a literal: a send builds these for every message, and V8's generic path for a spread followed
 * by more fields is many times slower than a plain literal.
 */
function withSender<T extends TCreateMessageParams>(params: T, channel: "SMS" | "WHATSAPP", config: TTwilioConfig): T {
  if (config.from) params.from = twilioAddress(channel, config.from);
  if (config.messagingServiceSid) params.messagingServiceSid = config.messagingServiceSid;
  return params;
}

export function smsParams(message: TSmsMessage, config: TTwilioConfig, webhookUrl: string): TCreateMessageParams {
  return withSender({ to: message.to, statusCallback: statusCallbackUrl(webhookUrl, message.messageId), body: message.body }, "SMS", config);
}

/** A Content template when the message names a ContentSid, else session text (inside the 24-hour window). */
export function whatsAppParams(message: TWhatsAppMessage, config: TTwilioConfig, webhookUrl: string): TCreateMessageParams {
  const params: TCreateMessageParams = withSender({ to: twilioAddress("WHATSAPP", message.to), statusCallback: statusCallbackUrl(webhookUrl, message.messageId) }, "WHATSAPP", config);
  const contentSid = message.template?.contentSid;
  if (contentSid) {
    const parameters = message.template?.parameters ?? [];
    params.contentSid = contentSid;
    if (parameters.length > 0) params.contentVariables = JSON.stringify(Object.fromEntries(parameters.map((value, i) => [String(i + 1), value])));
    return params;
  }
  if (message.body !== null) {
    params.body = message.body;
    return params;
  }
  // A template known only by name (Meta, Interakt) means nothing to Twilio; another account may send it.
  throw new ProviderError({
    kind: "permanent",
    scope: "account",
    code: "content_sid_required",
    message: "Twilio: this WhatsApp message has neither text nor a template ContentSid; bind the template's ContentSid for Twilio",
  });
}

/** Twilio's price is what the account was charged, as a negative string ("-0.00750"). */
export function costOf(price: string | null | undefined): number | undefined {
  if (price === null || price === undefined || price === "") return undefined;
  const value = Math.abs(Number(price));
  return Number.isFinite(value) ? value : undefined;
}

export function segmentsOf(numSegments: string | number | null | undefined): number | undefined {
  const value = Number(numSegments);
  // Messaging Service sends report 0 until a sender is chosen.
  return Number.isInteger(value) && value > 0 ? value : undefined;
}

/** Cost, currency and segments where the resource has them. */
export function billingOf(resource: Pick<TTwilioMessageResource, "price" | "priceUnit" | "numSegments">): Pick<TStatusReport, "cost" | "currency" | "segments"> {
  return withBilling({}, resource);
}

/** The same fields set on `target` (each only when the resource has it), without a spread per send. */
export function withBilling<T extends Pick<TStatusReport, "cost" | "currency" | "segments">>(target: T, resource: Pick<TTwilioMessageResource, "price" | "priceUnit" | "numSegments">): T {
  const cost = costOf(resource.price);
  const segments = segmentsOf(resource.numSegments);
  if (cost !== undefined) {
    target.cost = cost;
    if (resource.priceUnit) target.currency = resource.priceUnit.toUpperCase();
  }
  if (segments !== undefined) target.segments = segments;
  return target;
}

/** A status lookup's answer; null for an inbound message's sid (not one Herald sent). */
export function reportOf(resource: TTwilioMessageResource): TStatusReport | null {
  if (isInboundStatus(resource.status)) return null;
  const errorCode = resource.errorCode === null || resource.errorCode === undefined ? undefined : String(resource.errorCode);
  const errorMessage = resource.errorMessage || twilioErrorDescription(errorCode);
  return {
    providerMessageId: resource.sid,
    status: mapTwilioStatus(resource.status) ?? "SENT",
    at: resource.dateUpdated ?? resource.dateSent ?? resource.dateCreated ?? new Date(),
    ...reportedCode(errorCode, twilioReasonOf),
    ...(errorMessage && { errorMessage }),
    ...billingOf(resource),
  };
}
