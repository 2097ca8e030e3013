// The generic HTTP provider: vendors with no published API (Exacall) or no adapter yet, configured
// per account with no code (generic-config.ts), after Novu's generic-sms. Callbacks come to the
// account's token-addressed webhook URL and, when the account names a signature header, must also
// carry the body's HMAC-SHA256.
import { renderBody } from "@/server/providers/generic/generic-body";
import { GENERIC_SECRET_FIELDS, ZGenericConfig, type TGenericConfig } from "@/server/providers/generic/generic-config";
import { readGenericAnswer } from "@/server/providers/generic/generic-answer";
import { callGenericVendor, secretsOf } from "@/server/providers/generic/generic-request";
import { hasValidHmacSha256 } from "@/server/providers/http/hmac-signature";
import { parseMappedCallback } from "@/server/providers/http/mapped-callback";
import { internationalDigits } from "@/server/providers/http/phone-parts";
import { classifyCommonError, ProviderError } from "@/server/providers/provider-error";
import type { ChannelAdapter, TAdapterContext, TProvider, TProviderAcceptance, TSmsMessage, TWebhookEvent, TWebhookRequest, TWhatsAppMessage } from "@/server/providers/types";

async function send(message: TSmsMessage | TWhatsAppMessage, config: TGenericConfig, context: TAdapterContext): Promise<TProviderAcceptance> {
  const template = "template" in message ? message.template : null;
  let body: string;
  try {
    body = renderBody(config.bodyTemplate, config.contentType, {
      to: message.to,
      toDigits: internationalDigits(message.to),
      body: message.body ?? "",
      messageId: message.messageId,
      triggerKey: message.triggerKey,
      from: config.from ?? "",
      webhookUrl: context.webhookUrl,
      template: { name: template?.name ?? "", language: template?.language ?? "", parameters: template?.parameters ?? [] },
    });
  } catch (error) {
    throw new ProviderError({ kind: "permanent", scope: "account", code: "body_template_failed", message: `bodyTemplate: ${(error as Error).message.split("\n")[0]}` });
  }
  const secrets = secretsOf(config);
  const answer = await callGenericVendor(config, body, context);
  const read = readGenericAnswer(answer, config, secrets);
  if (!read.ok) throw new ProviderError(read.error);
  return read.acceptance;
}

function parseWebhook(request: TWebhookRequest, config?: TGenericConfig): TWebhookEvent[] {
  if (!config) throw new Error("generic webhook: the account's config is needed to read a callback");
  return parseMappedCallback("generic", request.rawBody, request.headers.get("content-type"), {
    messageId: [config.webhookMessageIdPointer],
    status: [config.webhookStatusPointer],
    error: config.webhookErrorPointer ? [config.webhookErrorPointer] : [],
    ...(config.webhookReferencePointer && { reference: [config.webhookReferencePointer] }),
    statusMap: config.statusMap,
  });
}

function adapter<C extends "SMS" | "WHATSAPP">(channel: C): ChannelAdapter<C, TGenericConfig> {
  return {
    provider: "generic",
    channel,
    configSchema: ZGenericConfig,
    secretFields: GENERIC_SECRET_FIELDS,
    idempotent: false,
    send: (message, config, context) => send(message as TSmsMessage | TWhatsAppMessage, config, context),
    webhookAuth: "path-token",
    // The token addresses every account; a signature is checked on top where the account names its header.
    verifyWebhook: (request, config) => !config.webhookSignatureHeader || hasValidHmacSha256(request.headers.get(config.webhookSignatureHeader), config.webhookSecret ?? "", request.rawBody),
    parseWebhook,
    classifyError: classifyCommonError,
  };
}

export const genericSmsAdapter = adapter("SMS");
export const genericWhatsAppAdapter = adapter("WHATSAPP");

export const genericProvider: TProvider = {
  id: "generic",
  name: "Generic HTTP",
  adapters: { SMS: genericSmsAdapter as ChannelAdapter<"SMS", unknown>, WHATSAPP: genericWhatsAppAdapter as ChannelAdapter<"WHATSAPP", unknown> },
};
