import { ProviderError } from "@/server/providers/provider-error";
import { twilioAddress } from "@/server/providers/twilio/twilio-config";
import { twilioErrorDescription } from "@/server/providers/twilio/twilio-errors";
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

function sender(channel: "SMS" | "WHATSAPP", config: TTwilioConfig): Pick<TCreateMessageParams, "from" | "messagingServiceSid"> {
  return {
    ...(config.from && { from: twilioAddress(channel, config.from) }),
    ...(config.messagingServiceSid && { messagingServiceSid: config.messagingServiceSid }),
  };
}

export function smsParams(message: TSmsMessage, config: TTwilioConfig, webhookUrl: string): TCreateMessageParams {
  return { to: message.to, ...sender("SMS", config), statusCallback: statusCallbackUrl(webhookUrl, message.messageId), body: message.body };
}

/** A Content template when the message names a ContentSid, else session text (inside the 24-hour window). */
export function whatsAppParams(message: TWhatsAppMessage, config: TTwilioConfig, webhookUrl: string): TCreateMessageParams {
  const base = { to: twilioAddress("WHATSAPP", message.to), ...sender("WHATSAPP", config), statusCallback: statusCallbackUrl(webhookUrl, message.messageId) };
  const contentSid = message.template?.contentSid;
  if (contentSid) {
    const parameters = message.template?.parameters ?? [];
    const variables = Object.fromEntries(parameters.map((value, i) => [String(i + 1), value]));
    return { ...base, contentSid, ...(parameters.length > 0 && { contentVariables: JSON.stringify(variables) }) };
  }
  if (message.body !== null) return { ...base, body: message.body };
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
  const cost = costOf(resource.price);
  const segments = segmentsOf(resource.numSegments);
  return {
    ...(cost !== undefined && { cost }),
    ...(cost !== undefined && resource.priceUnit && { currency: resource.priceUnit.toUpperCase() }),
    ...(segments !== undefined && { segments }),
  };
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
    ...(errorCode !== undefined && { errorCode }),
    ...(errorMessage && { errorMessage }),
    ...billingOf(resource),
  };
}
