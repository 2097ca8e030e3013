// Interakt (India, WhatsApp): template messages through its public Message API, with Herald's message
// id as callbackData; statuses and replies from its HMAC-signed webhooks. No status lookup and no
// idempotency key are documented, so a repeated call is a second message.
import { callProvider } from "@/server/providers/http/provider-call";
import { phoneParts } from "@/server/providers/http/phone-parts";
import { INTERAKT_API_ORIGIN, INTERAKT_RATE_LIMIT, INTERAKT_SECRET_FIELDS, INTERAKT_SEND_PATH, ZInteraktConfig, type TInteraktConfig } from "@/server/providers/interakt/interakt-config";
import { classifyInteraktAnswer, classifyInteraktError } from "@/server/providers/interakt/interakt-errors";
import { parseInteraktWebhook, verifyInteraktWebhook } from "@/server/providers/interakt/interakt-webhook";
import { ProviderError } from "@/server/providers/provider-error";
import type { ChannelAdapter, TProvider, TWhatsAppMessage, WhatsAppProvider } from "@/server/providers/types";

/** The Message API body [C]: a template by name with its ordered body values. */
export function interaktMessageBody(message: TWhatsAppMessage, config: TInteraktConfig) {
  const template = message.template;
  if (!template?.name) {
    // Interakt's public API sends approved templates; free text would need a session Herald cannot see.
    throw new ProviderError({ kind: "permanent", scope: "recipient", code: "template_required", message: "Interakt sends WhatsApp templates only: bind an approved template name to this WhatsApp template" });
  }
  const { countryCode, nationalNumber } = phoneParts(message.to);
  return {
    countryCode,
    phoneNumber: nationalNumber,
    callbackData: message.messageId,
    type: "Template",
    template: { name: template.name, languageCode: template.language ?? config.defaultLanguage, bodyValues: template.parameters },
  };
}

export const interaktWhatsAppAdapter: WhatsAppProvider<TInteraktConfig> = {
  provider: "interakt",
  channel: "WHATSAPP",
  configSchema: ZInteraktConfig,
  secretFields: INTERAKT_SECRET_FIELDS,
  idempotent: false,
  // 300 requests a minute on the Growth plan, spread evenly: 5 a second. An account on another plan sets its own rate.
  defaultRatePerSecond: (INTERAKT_RATE_LIMIT.requests * 1000) / INTERAKT_RATE_LIMIT.windowMs,

  async send(message, config, context) {
    const body = interaktMessageBody(message, config);
    const secrets = [config.apiKey, config.webhookSecret];
    const answer = await callProvider({
      provider: "Interakt",
      url: `${context.baseUrl ?? INTERAKT_API_ORIGIN}${INTERAKT_SEND_PATH}`,
      headers: { authorization: `Basic ${config.apiKey}`, "content-type": "application/json", accept: "application/json" },
      body: JSON.stringify(body),
      signal: context.signal,
      secrets,
    });
    if (answer.status >= 300) throw new ProviderError(classifyInteraktAnswer(answer, secrets));
    const json = answer.json as { result?: unknown; id?: unknown } | null;
    if (json?.result === false) throw new ProviderError(classifyInteraktAnswer({ ...answer, status: 400 }, secrets));
    if (typeof json?.id !== "string" || !json.id) {
      // Accepted, so trying again would send a second message; without the id no report can be matched.
      throw new ProviderError({ kind: "permanent", scope: "recipient", code: "missing_message_id", message: "Interakt accepted the message without an id" });
    }
    return { providerMessageId: json.id, status: "SENT" };
  },

  verifyWebhook: (request, config) => verifyInteraktWebhook(request, config),
  parseWebhook: parseInteraktWebhook,
  classifyError: classifyInteraktError,
};

export const interaktProvider: TProvider = {
  id: "interakt",
  name: "Interakt",
  adapters: { WHATSAPP: interaktWhatsAppAdapter as ChannelAdapter<"WHATSAPP", unknown> },
};
