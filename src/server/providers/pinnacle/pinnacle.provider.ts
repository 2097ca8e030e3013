// Pinnacle (India): SMS with the DLT template id of the trigger's template, and WhatsApp templates
// by Pinnacle's template id with ordered placeholders [T]. Answers, statuses and callbacks are
// undocumented [U]: read through configurable pointers and status words (pinnacle-mapping.ts);
// callbacks are unsigned, so the account's webhook URL carries an unguessable token.
import { readPointerText } from "@/server/providers/http/json-pointer";
import { parseMappedCallback } from "@/server/providers/http/mapped-callback";
import { internationalDigits } from "@/server/providers/http/phone-parts";
import { callProvider, type TProviderAnswer } from "@/server/providers/http/provider-call";
import {
  PINNACLE_SECRET_FIELDS, PINNACLE_SMS_URL, PINNACLE_WHATSAPP_URL, ZPinnacleSmsConfig, ZPinnacleWhatsAppConfig,
  type TPinnacleSmsConfig, type TPinnacleWhatsAppConfig,
} from "@/server/providers/pinnacle/pinnacle-config";
import { classifyPinnacleAnswer, isRefusal } from "@/server/providers/pinnacle/pinnacle-errors";
import { PINNACLE_MESSAGE_ID_POINTERS, pinnacleCallbackMapping } from "@/server/providers/pinnacle/pinnacle-mapping";
import { metaReasonOf } from "@/server/providers/meta/meta-errors";
import { classifyCommonError, ProviderError } from "@/server/providers/provider-error";
import { reportedCode } from "@/server/providers/reported-code";
import type { ChannelAdapter, SmsProvider, TAdapterContext, TProvider, TProviderAcceptance, TWebhookRequest, WhatsAppProvider } from "@/server/providers/types";

/** The real URL, or the same path under the platform's base URL (the simulator). */
function endpoint(realUrl: string, context: TAdapterContext): string {
  if (!context.baseUrl) return realUrl;
  const { pathname } = new URL(realUrl);
  return `${context.baseUrl}${pathname}`;
}

async function post(url: string, apiKey: string, body: object, context: TAdapterContext, messageIdPointer: string | undefined): Promise<TProviderAcceptance> {
  const secrets = [apiKey];
  const answer: TProviderAnswer = await callProvider({
    provider: "Pinnacle",
    url,
    headers: { apikey: apiKey, "content-type": "application/json", accept: "application/json" },
    body: JSON.stringify(body),
    signal: context.signal,
    secrets,
  });
  if (answer.status >= 300 || isRefusal(answer)) throw new ProviderError(classifyPinnacleAnswer(answer, secrets));
  const pointers = messageIdPointer ? [messageIdPointer] : PINNACLE_MESSAGE_ID_POINTERS;
  const providerMessageId = pointers.map((p) => readPointerText(answer.json, p)).find(Boolean);
  if (!providerMessageId) {
    throw new ProviderError({ kind: "permanent", scope: "recipient", code: "missing_message_id", message: "Pinnacle accepted the message without an id where the account expects one (messageIdPointer)" });
  }
  return { providerMessageId, status: "SENT" };
}

/** Without the account's config (a caller that has none), the default status words apply. */
const parse = (request: TWebhookRequest, config?: { statusMap?: TPinnacleSmsConfig["statusMap"] }) =>
  parseMappedCallback("Pinnacle", request.rawBody, request.headers.get("content-type"), pinnacleCallbackMapping(config?.statusMap));

/** Pinnacle's WhatsApp reports pass WhatsApp's own codes on: Meta's table gives Herald's reason, as for Meta's refusals. */
const parseWhatsApp = (request: TWebhookRequest, config?: { statusMap?: TPinnacleWhatsAppConfig["statusMap"] }) =>
  parse(request, config).map((event) => (event.kind === "status" ? { ...event, report: { ...event.report, ...reportedCode(event.report.errorCode, metaReasonOf) } } : event));

export const pinnacleSmsAdapter: SmsProvider<TPinnacleSmsConfig> = {
  provider: "pinnacle",
  channel: "SMS",
  configSchema: ZPinnacleSmsConfig,
  secretFields: PINNACLE_SECRET_FIELDS,
  idempotent: false,

  async send(message, config, context) {
    const dlttempid = Object.hasOwn(config.dltTemplateIds, message.triggerKey) ? config.dltTemplateIds[message.triggerKey] : undefined;
    if (!dlttempid) {
      // Operators drop an SMS without its approved DLT template: another account (outside India's DLT) may send it.
      throw new ProviderError({ kind: "permanent", scope: "account", code: "dlt_template_missing", message: `the Pinnacle account has no DLT template id for ${message.triggerKey} (dltTemplateIds)` });
    }
    const body = {
      sender: config.sender,
      message: [{ number: internationalDigits(message.to), text: message.body }],
      messagetype: /^[\x20-\x7e\n\r]*$/.test(message.body) ? "TXT" : "UNI",
      dlttempid,
      ...(config.dltEntityId && { dltentityid: config.dltEntityId }),
      // Pinnacle's own reference for the message: Herald's id, for its reports and ours.
      reference: message.messageId,
    };
    return post(endpoint(PINNACLE_SMS_URL, context), config.apiKey, body, context, config.messageIdPointer);
  },

  webhookAuth: "path-token",
  parseWebhook: parse,
  classifyError: classifyCommonError,
};

export const pinnacleWhatsAppAdapter: WhatsAppProvider<TPinnacleWhatsAppConfig> = {
  provider: "pinnacle",
  channel: "WHATSAPP",
  configSchema: ZPinnacleWhatsAppConfig,
  secretFields: PINNACLE_SECRET_FIELDS,
  idempotent: false,

  async send(message, config, context) {
    const template = message.template;
    if (!template?.name) {
      throw new ProviderError({ kind: "permanent", scope: "recipient", code: "template_required", message: "Pinnacle sends WhatsApp templates: bind the Pinnacle template id to this WhatsApp template" });
    }
    const body = { from: config.from, to: internationalDigits(message.to), type: "template", message: { templateid: template.name, placeholders: template.parameters } };
    return post(endpoint(PINNACLE_WHATSAPP_URL, context), config.apiKey, body, context, config.messageIdPointer);
  },

  webhookAuth: "path-token",
  parseWebhook: parseWhatsApp,
  classifyError: classifyCommonError,
};

export const pinnacleProvider: TProvider = {
  id: "pinnacle",
  name: "Pinnacle",
  adapters: {
    SMS: pinnacleSmsAdapter as ChannelAdapter<"SMS", unknown>,
    WHATSAPP: pinnacleWhatsAppAdapter as ChannelAdapter<"WHATSAPP", unknown>,
  },
};
