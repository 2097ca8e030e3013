// Bevatel (Saudi Arabia, WhatsApp): template messages through its developer API [C: base, headers,
// POST /messages; T: body]. Template parameters, the answer's id, statuses and webhooks are not
// documented [U]: they follow Chatwoot, whose API Bevatel's mirrors (see bevatel-statuses.ts).
import { BEVATEL_API_BASE, BEVATEL_RATE_LIMIT, BEVATEL_SECRET_FIELDS, BEVATEL_SEND_PATH, ZBevatelConfig, type TBevatelConfig } from "@/server/providers/bevatel/bevatel-config";
import { classifyBevatelAnswer } from "@/server/providers/bevatel/bevatel-errors";
import { parseBevatelWebhook } from "@/server/providers/bevatel/bevatel-webhook";
import { readPointerText } from "@/server/providers/http/json-pointer";
import { callProvider } from "@/server/providers/http/provider-call";
import { classifyCommonError, ProviderError } from "@/server/providers/provider-error";
import type { ChannelAdapter, TProvider, TWhatsAppMessage, WhatsAppProvider } from "@/server/providers/types";

/**
 * The send body: `{inbox_id, contact: {phone_number}, message: {template: {name, language}}}` as seen
 * in third-party code, with the ordered parameters as Chatwoot's `processed_params` ({"1": ...}).
 */
export function bevatelMessageBody(message: TWhatsAppMessage, config: TBevatelConfig) {
  const template = message.template;
  if (!template?.name) {
    throw new ProviderError({ kind: "permanent", scope: "recipient", code: "template_required", message: "Bevatel sends WhatsApp templates: bind an approved template name to this WhatsApp template" });
  }
  const processedParams = Object.fromEntries(template.parameters.map((value, index) => [String(index + 1), value]));
  return {
    inbox_id: config.inboxId,
    contact: { phone_number: message.to },
    message: { template: { name: template.name, language: template.language ?? config.defaultLanguage, processed_params: processedParams } },
    // Herald's id, for Bevatel's records and ours: Chatwoot keeps additional_attributes on the conversation.
    additional_attributes: { herald_message_id: message.messageId },
  };
}

// Where the new message's id may be: Chatwoot answers with the message object, some gateways wrap it.
const ID_POINTERS = ["/id", "/message/id", "/data/id", "/payload/id"];

export const bevatelWhatsAppAdapter: WhatsAppProvider<TBevatelConfig> = {
  provider: "bevatel",
  channel: "WHATSAPP",
  configSchema: ZBevatelConfig,
  secretFields: BEVATEL_SECRET_FIELDS,
  idempotent: false,
  // Bevatel's documented cap on POST /messages [C]: 10 requests a second.
  defaultRatePerSecond: (BEVATEL_RATE_LIMIT.requests * 1000) / BEVATEL_RATE_LIMIT.windowMs,

  async send(message, config, context) {
    const secrets = [config.apiAccessToken];
    const answer = await callProvider({
      provider: "Bevatel",
      url: `${context.baseUrl ?? BEVATEL_API_BASE}${BEVATEL_SEND_PATH}`,
      headers: { api_account_id: config.apiAccountId, api_access_token: config.apiAccessToken, "content-type": "application/json", accept: "application/json" },
      body: JSON.stringify(bevatelMessageBody(message, config)),
      signal: context.signal,
      secrets,
    });
    if (answer.status >= 300) throw new ProviderError(classifyBevatelAnswer(answer, secrets));
    const providerMessageId = ID_POINTERS.map((pointer) => readPointerText(answer.json, pointer)).find(Boolean);
    if (!providerMessageId) {
      throw new ProviderError({ kind: "permanent", scope: "recipient", code: "missing_message_id", message: "Bevatel accepted the message without an id" });
    }
    return { providerMessageId, status: "SENT" };
  },

  // Bevatel signs nothing: its callbacks are addressed to the account's unguessable webhook URL.
  webhookAuth: "path-token",
  parseWebhook: parseBevatelWebhook,
  classifyError: classifyCommonError,
};

export const bevatelProvider: TProvider = {
  id: "bevatel",
  name: "Bevatel",
  adapters: { WHATSAPP: bevatelWhatsAppAdapter as ChannelAdapter<"WHATSAPP", unknown> },
};
