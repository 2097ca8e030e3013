import type { Channel } from "@/generated/prisma/enums";
import { smsSegments } from "@/server/domain/sms-segments";
import type { TIssueParams } from "@/server/errors";
import { SMS_MAX_CHARACTERS, versionFields, type TTemplateContent, type TTemplateProblem } from "@/server/domain/templates";
import type { TemplateAudience } from "@/generated/prisma/enums";
import type { TTriggerRules } from "@/server/domain/triggers";
import { PARTNER_TEMPLATE_VARIABLES, partnerBindingVariables } from "@/server/domain/partners";
import { describeLiquidError, engineFor, type TLiquidField } from "@/server/services/templates/liquid-engine";
import { TemplateRenderError, renderDraft } from "@/server/services/templates/render-template";
import { samplePartnerVariables, sampleVariables } from "@/server/services/templates/sample-variables";

export type TCheckTemplateContentOptions = {
  trigger: TTriggerRules;
  channel: Channel;
  language: string;
  content: TTemplateContent;
  /** Partner templates read the partner's variables and the list of events, not one event's. */
  audience?: TemplateAudience;
};

// What each channel renders; anything else would be saved and silently ignored.
const FIELDS_BY_CHANNEL: Record<Channel, ReadonlySet<keyof TTemplateContent>> = {
  SMS: new Set(["body"]),
  EMAIL: new Set(["subject", "html", "text"]),
  WHATSAPP: new Set(["body", "waTemplateName", "waContentSid", "waLanguage", "waVariables"]),
};

const REQUIRED_BY_CHANNEL: Record<Channel, ("body" | "subject" | "html")[]> = { SMS: ["body"], EMAIL: ["subject", "html"], WHATSAPP: [] };

/**
 * Every problem with a template's content, each naming its field: fields the
 * channel does not use or needs, Liquid that does not parse, variables the
 * trigger does not have, an incomplete WhatsApp binding, an SMS too long to
 * send (and a warning when it takes several segments).
 */
export function checkTemplateContent({ trigger: eventTrigger, channel, language, content, audience = "PATIENT" }: TCheckTemplateContentOptions): TTemplateProblem[] {
  const trigger = audience === "PARTNER" ? { ...eventTrigger, variables: [...PARTNER_TEMPLATE_VARIABLES] } : eventTrigger;
  const samples = audience === "PARTNER" ? samplePartnerVariables(eventTrigger.variables, language) : sampleVariables(trigger.variables, language);
  const problems: TTemplateProblem[] = [];
  const error = (field: string, message: string, params?: TIssueParams) => problems.push({ field, severity: "error", message, ...(params && { params }) });
  const known = new Set(trigger.variables);

  if (!trigger.channels.includes(channel)) error("channel", `${trigger.key} is not sent on ${channel} (it allows ${trigger.channels.join(", ")})`, { reason: "channel_not_allowed", trigger: trigger.key, channel, allowed: trigger.channels });
  for (const [field, value] of Object.entries(content)) {
    if (value !== undefined && !FIELDS_BY_CHANNEL[channel].has(field as keyof TTemplateContent)) error(field, `is not used by ${channel} templates`, { reason: "field_unused", channel });
  }
  for (const field of REQUIRED_BY_CHANNEL[channel]) if (!content[field]?.trim()) error(field, `is required for ${channel} templates`, { reason: "field_required", channel });

  const used = new Map<TLiquidField, string[]>();
  for (const field of ["body", "subject", "html", "text"] as const) {
    const source = content[field];
    if (!source || !FIELDS_BY_CHANNEL[channel].has(field)) continue;
    const variables = variablesOf(field, source);
    if (typeof variables === "string") {
      error(field, variables, { reason: "liquid_syntax", detail: variables });
      continue;
    }
    used.set(field, variables);
    for (const name of variables) {
      if (known.has(name)) continue;
      // A partner template reads one event's values through the events list: say how, rather than only "unknown".
      if (audience === "PARTNER" && eventTrigger.variables.includes(name)) error(field, eventVariable(name), { reason: "partner_event_variable", name, example: `{{ e.${name} }}`, loop: "{% for e in events %}" });
      else error(field, unknownVariable(name, trigger), unknownVariableParams(name, trigger));
    }
  }

  if (channel === "WHATSAPP") {
    const bindable = audience === "PARTNER" ? { ...trigger, variables: partnerBindingVariables(eventTrigger.variables) } : trigger;
    checkBinding(content, bindable, used.get("body"), error);
  }
  if (problems.length === 0) problems.push(...checkRendered(channel, language, content, samples));
  return problems;
}

/** The trigger variables a field reads (not those it assigns itself), or why it does not parse. */
function variablesOf(field: TLiquidField, source: string): string[] | string {
  try {
    return engineFor(field).globalVariablesSync(engineFor(field).parse(source));
  } catch (error) {
    return describeLiquidError(error);
  }
}

function unknownVariableParams(name: string, trigger: TTriggerRules): TIssueParams {
  return { reason: "unknown_variable", name, trigger: trigger.key, known: trigger.variables };
}

function eventVariable(name: string): string {
  return `{{ ${name} }} is each event's own value in a partner template: write {{ e.${name} }} inside {% for e in events %} ... {% endfor %}`;
}

function unknownVariable(name: string, trigger: TTriggerRules): string {
  return `unknown variable {{ ${name} }} for ${trigger.key} (it has ${trigger.variables.join(", ") || "no variables"})`;
}

/** A WhatsApp message goes out as a provider template, so the binding must name one and pass every variable the body shows. */
function checkBinding(content: TTemplateContent, trigger: TTriggerRules, bodyVariables: string[] | undefined, error: (field: string, message: string, params?: TIssueParams) => void) {
  if (!content.waTemplateName && !content.waContentSid) error("waTemplateName", "a WhatsApp template needs a provider template name or a Twilio ContentSid (waContentSid)", { reason: "wa_binding_missing" });
  const passed = content.waVariables ?? [];
  const known = new Set(trigger.variables);
  passed.forEach((name, index) => {
    if (!known.has(name)) error(`waVariables.${index}`, unknownVariable(name, trigger), unknownVariableParams(name, trigger));
  });
  if (new Set(passed).size !== passed.length) error("waVariables", "expected each variable once", { reason: "wa_variable_repeated" });
  for (const name of bodyVariables ?? []) {
    if (known.has(name) && !passed.includes(name)) error("waVariables", `the body shows {{ ${name} }} but the binding does not pass it`, { reason: "wa_variable_not_passed", name });
  }
}

/** Renders with sample values: catches what only shows at render time, and measures the SMS. */
function checkRendered(channel: Channel, language: string, content: TTemplateContent, samples: Record<string, unknown>): TTemplateProblem[] {
  try {
    const rendered = renderDraft({ channel, language, ...versionFields(content) }, samples);
    if (channel !== "SMS") return [];
    const body = rendered.body ?? "";
    const { segments, encoding } = smsSegments(body);
    if (body.length > SMS_MAX_CHARACTERS) {
      return [{ field: "body", severity: "error", message: `is ${body.length} characters with sample values; providers refuse SMS over ${SMS_MAX_CHARACTERS}`, params: { reason: "sms_too_long", length: body.length, max: SMS_MAX_CHARACTERS } }];
    }
    if (segments > 1) return [{ field: "body", severity: "warning", message: `takes ${segments} ${encoding} segments with sample values (each is billed)`, params: { reason: "sms_segments", segments, encoding } }];
    return [];
  } catch (error) {
    if (error instanceof TemplateRenderError) return [{ field: error.field, severity: "error", message: error.reason }];
    throw error;
  }
}
