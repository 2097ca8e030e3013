// Meta WhatsApp Cloud API, called directly: POST /{phone-number-id}/messages with a system user's
// token, templates with ordered body parameters (free text inside the 24-hour session), statuses and
// replies by the app's signed webhook, and the GET hub.challenge handshake. The Cloud API has no
// status lookup: webhooks only.
import { ProviderError } from "@/server/providers/provider-error";
import { META_SECRET_FIELDS, ZMetaConfig, type TMetaConfig } from "@/server/providers/meta/meta-config";
import { classifyMetaFailure, classifyMetaResponse } from "@/server/providers/meta/meta-errors";
import { buildMetaSendBody } from "@/server/providers/meta/meta-message";
import { answerMetaVerification, parseMetaWebhook, verifyMetaWebhook } from "@/server/providers/meta/meta-webhook";
import type { ChannelAdapter, TProvider, WhatsAppProvider } from "@/server/providers/types";

export const META_GRAPH_URL = "https://graph.facebook.com";
export const META_API_VERSION = "v23.0";

const secretsOf = (config: TMetaConfig) => [config.accessToken, config.appSecret, config.verifyToken];

export const metaWhatsAppAdapter: WhatsAppProvider<TMetaConfig> = {
  provider: "meta",
  channel: "WHATSAPP",
  configSchema: ZMetaConfig,
  secretFields: META_SECRET_FIELDS,
  // The Cloud API has no idempotency key: a repeated send is a second message.
  idempotent: false,
  // Meta's throughput per business phone number (higher tiers are granted per number on request).
  defaultRatePerSecond: 80,

  async send(message, config, context) {
    const body = buildMetaSendBody(message, config);
    let response: Response;
    try {
      response = await fetch(`${context.baseUrl ?? META_GRAPH_URL}/${META_API_VERSION}/${config.phoneNumberId}/messages`, {
        method: "POST",
        headers: { authorization: `Bearer ${config.accessToken}`, "content-type": "application/json" },
        body: JSON.stringify(body),
        signal: context.signal,
      });
    } catch (error) {
      throw new ProviderError(classifyMetaFailure(error, secretsOf(config)));
    }
    const answer = (await response.json().catch(() => null)) as { messages?: { id?: unknown }[] } | null;
    if (!response.ok) {
      const retryAfter = Number(response.headers.get("retry-after"));
      throw new ProviderError(classifyMetaResponse(response.status, answer, secretsOf(config), Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter * 1000 : undefined));
    }
    const id = answer?.messages?.[0]?.id;
    if (typeof id !== "string" || id === "") {
      // Accepted, so sending again would be a second message; without the id no status can be matched.
      throw new ProviderError({ kind: "permanent", scope: "recipient", code: "missing_message_id", message: "WhatsApp Cloud API accepted the message without an id" });
    }
    return { providerMessageId: id, status: "SENT" };
  },

  verifyWebhook: (request, config) => verifyMetaWebhook(request, config.appSecret),
  parseWebhook: parseMetaWebhook,
  answerVerification: (verification, config) => answerMetaVerification(verification, config.verifyToken),
  classifyError: (error) => classifyMetaFailure(error),
};

export const metaProvider: TProvider = {
  id: "meta",
  name: "Meta WhatsApp Cloud API",
  adapters: { WHATSAPP: metaWhatsAppAdapter as ChannelAdapter<"WHATSAPP", unknown> },
};
