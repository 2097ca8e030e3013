import type { Prisma } from "@/generated/prisma/client";
import type { Db } from "@/server/db";
import type { TClassifiedError, TOutgoingMessage } from "@/server/providers/types";
import type { TClaimedMessage } from "@/server/services/delivery/claim-messages";
import { whatsAppParameter } from "@/server/domain/whatsapp-parameters";

export type TWhatsAppBinding = {
  waTemplateName: string | null;
  waContentSid: string | null;
  waLanguage: string | null;
  waVariables: string[];
  /** The template's language: a partner message's event values are joined in its punctuation, as when rendered. */
  language: string;
};

/** The WhatsApp template bindings of the template versions these messages rendered, in one query. */
export async function loadWhatsAppBindings(db: Db, messages: readonly TClaimedMessage[]): Promise<Map<string, TWhatsAppBinding>> {
  const ids = [...new Set(messages.filter((m) => m.channel === "WHATSAPP" && m.templateVersionId).map((m) => m.templateVersionId as string))];
  if (ids.length === 0) return new Map();
  const versions = await db.templateVersion.findMany({
    where: { id: { in: ids } },
    select: { id: true, waTemplateName: true, waContentSid: true, waLanguage: true, waVariables: true, template: { select: { language: true } } },
  });
  return new Map(versions.map(({ id, template, ...binding }) => [id, { ...binding, language: template.language }]));
}

export type TBuiltMessage = { ok: true; message: TOutgoingMessage[keyof TOutgoingMessage] } | { ok: false; error: TClassifiedError };

const unsendable = (code: string, message: string): TBuiltMessage => ({ ok: false, error: { kind: "permanent", scope: "recipient", code, message } });

/** What the adapter receives for a claimed message; a permanent error when the message cannot be sent at all. */
export function buildOutgoingMessage(m: TClaimedMessage, bindings: ReadonlyMap<string, TWhatsAppBinding>): TBuiltMessage {
  if (!m.to) return unsendable("no_address", "the message has no recipient address");
  // Each channel's message lists its fields: a spread of shared ones followed by more took V8's slow
  // path, once per message sent.
  const { id: messageId, to, triggerKey } = m;
  switch (m.channel) {
    case "SMS":
      if (!m.body) return unsendable("no_content", "the SMS has no body");
      return { ok: true, message: { messageId, to, triggerKey, body: m.body, segments: m.segments } };
    case "EMAIL":
      if (!m.subject || !(m.html || m.text)) return unsendable("no_content", "the email needs a subject and an HTML or text body");
      return { ok: true, message: { messageId, to, triggerKey, subject: m.subject, html: m.html, text: m.text } };
    case "WHATSAPP": {
      const binding = m.templateVersionId ? bindings.get(m.templateVersionId) : undefined;
      const bound = binding && (binding.waTemplateName || binding.waContentSid) ? binding : null;
      if (!bound && !m.body) return unsendable("no_content", "the WhatsApp message has neither a template binding nor a body");
      if (!bound) return { ok: true, message: { messageId, to, triggerKey, body: m.body, template: null } };
      const parameters: string[] = [];
      for (const name of bound.waVariables) {
        const value = whatsAppParameter(lookup(m.variables, name), lookup(m.variables, "events"), name, bound.language);
        if (value === undefined) return unsendable("missing_variable", `the WhatsApp template parameter "${name}" has no value`);
        parameters.push(value);
      }
      const template = { name: bound.waTemplateName, contentSid: bound.waContentSid, language: bound.waLanguage, parameters };
      return { ok: true, message: { messageId, to, triggerKey, body: m.body, template } };
    }
  }
}

/** A variable by name; dotted names ("patient.name") reach into nested objects, as in templates. */
function lookup(variables: Prisma.JsonValue, name: string): Prisma.JsonValue | undefined {
  let current: Prisma.JsonValue | undefined = variables;
  for (const key of name.split(".")) {
    if (current === null || typeof current !== "object" || Array.isArray(current)) return undefined;
    current = (current as Prisma.JsonObject)[key];
  }
  return current;
}
