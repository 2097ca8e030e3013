import { PARTNER_TEMPLATE_VARIABLES, partnerBindingVariables } from "@/server/domain/partners";

/** Who a template speaks to: the patient, or a partner organisation's contact. */
export type TAudience = "PATIENT" | "PARTNER";

/** The URL names the partner catalogue `?audience=partner`; anything else is the patients'. */
export function audienceOfParam(value: string | string[] | undefined): TAudience {
  return value === "partner" ? "PARTNER" : "PATIENT";
}

function query(audience: TAudience): string {
  return audience === "PARTNER" ? "?audience=partner" : "";
}

export function catalogueHref(labId: string, audience: TAudience): string {
  return `/labs/${encodeURIComponent(labId)}/templates${query(audience)}`;
}

export function editorHref(labId: string, audience: TAudience, triggerKey: string, channel: string, language: string): string {
  return `/labs/${encodeURIComponent(labId)}/templates/${triggerKey}/${channel}/${language}${query(audience)}`;
}

/** Whether a trigger has templates for this audience: partners hear only of PARTNER and BOTH triggers. */
export function servesAudience(trigger: { audience: string }, audience: TAudience): boolean {
  return audience === "PATIENT" ? trigger.audience !== "PARTNER" : trigger.audience !== "PATIENT";
}

/** The names a sample value can be typed for and a WhatsApp binding can pass: a partner template's own, or the trigger's. */
export function scalarVariables(trigger: { variables: string[] }, audience: TAudience): string[] {
  return audience === "PARTNER" ? PARTNER_TEMPLATE_VARIABLES.filter((name) => name !== "events") : trigger.variables;
}

/** The names a WhatsApp binding can pass: a partner template's own and each event's (listed across the events), or the trigger's. */
export function bindingVariables(trigger: { variables: string[] }, audience: TAudience): string[] {
  return audience === "PARTNER" ? partnerBindingVariables(trigger.variables) : trigger.variables;
}
