// The Cloud API send body for one Herald WhatsApp message: its template (name, language, the body
// component's ordered text parameters) or, inside the 24-hour session only, free text.
import { ProviderError } from "@/server/providers/provider-error";
import type { TMetaConfig } from "@/server/providers/meta/meta-config";
import type { TWhatsAppMessage } from "@/server/providers/types";

type TTemplate = { name: string; language: { code: string }; components?: { type: "body"; parameters: { type: "text"; text: string }[] }[] };

export type TMetaSendBody =
  | { messaging_product: "whatsapp"; recipient_type: "individual"; to: string; type: "template"; template: TTemplate; biz_opaque_callback_data: string }
  | { messaging_product: "whatsapp"; recipient_type: "individual"; to: string; type: "text"; text: { body: string; preview_url: false }; biz_opaque_callback_data: string };

/** WhatsApp ids are the number's digits; the API takes E.164 with or without "+". */
export function metaRecipient(address: string): string {
  return address.trim().replace(/^whatsapp:/i, "");
}

/**
 * A template when the message has one bound (a template may be sent at any time); free text
 * otherwise, which Meta accepts and then fails with 131047 when the patient has not written in the
 * last 24 hours. Herald's id rides as biz_opaque_callback_data, which Meta echoes in status webhooks.
 */
export function buildMetaSendBody(message: TWhatsAppMessage, config: TMetaConfig): TMetaSendBody {
  const base = { messaging_product: "whatsapp", recipient_type: "individual", to: metaRecipient(message.to), biz_opaque_callback_data: message.messageId } as const;
  const template = message.template;
  if (template?.name) {
    const parameters = template.parameters.map((text) => ({ type: "text" as const, text }));
    return {
      ...base,
      type: "template",
      template: {
        name: template.name,
        language: { code: template.language ?? config.defaultLanguage },
        ...(parameters.length > 0 && { components: [{ type: "body" as const, parameters }] }),
      },
    };
  }
  if (message.body !== null && message.body !== "") return { ...base, type: "text", text: { body: message.body, preview_url: false } };
  throw new ProviderError({
    kind: "permanent",
    scope: "recipient",
    code: "template_required",
    message: "WhatsApp Cloud API needs a template name (or session text); the message has neither",
  });
}
