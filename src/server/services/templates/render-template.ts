import { Output, TokenKind, TypeGuards, UndefinedVariableError, type Liquid } from "liquidjs";
import type { TRendered, TResolvedTemplate } from "@/server/domain/notifications";
import { smsSegments } from "@/server/domain/sms-segments";
import { textDirection } from "@/server/domain/templates";
import { whatsAppParameter, withParameterText } from "@/server/domain/whatsapp-parameters";
import { describeLiquidError, engineFor, type TLiquidField, type TParsedLiquid } from "@/server/services/templates/liquid-engine";

/** Why a field of a template could not be rendered: `field` names it, `reason` says why. */
export class TemplateRenderError extends Error {
  constructor(
    readonly field: string,
    readonly reason: string,
  ) {
    super(`${field}: ${reason}`);
    this.name = "TemplateRenderError";
  }
}

/** A variable the template uses was not given (or was null): the message must not go out with a gap. */
export class MissingVariableError extends TemplateRenderError {
  constructor(
    readonly variable: string,
    field: string,
  ) {
    super(field, `missing variable {{ ${variable} }}`);
    this.name = "MissingVariableError";
  }
}

export type TRenderable = Pick<
  TResolvedTemplate,
  "channel" | "language" | "body" | "subject" | "html" | "text" | "waVariables"
>;

/**
 * A field that is only text and bare variables (`{{ patientName }}`, as nearly every notification
 * is): the parts to join, a variable's value escaped where the engine escapes output. LiquidJS
 * renders through generators and a fresh context per field, about 10 µs a field; joining is a
 * fraction of that. Anything else (filters, tags, property paths) has no plan and goes to LiquidJS.
 */
type TPlan = (string | { variable: string; escape: boolean })[];
type TParsedField = { parsed: TParsedLiquid[]; plan: TPlan | null };
type TParse = (field: TLiquidField, source: string) => TParsedField;

// Versions never change once saved, so a parsed version is good forever; the cap
// only bounds memory when a process renders many distinct versions.
const CACHE_LIMIT = 5_000;
const parsedByVersion = new Map<string, TParsedField>();

function parseCached(versionId: string): TParse {
  return (field, source) => {
    const key = `${versionId}:${field}`;
    let parsed = parsedByVersion.get(key);
    if (!parsed) {
      const templates = parseField(field, source);
      parsed = { parsed: templates, plan: planOf(templates, engineFor(field)) };
      if (parsedByVersion.size >= CACHE_LIMIT) parsedByVersion.delete(parsedByVersion.keys().next().value!);
      parsedByVersion.set(key, parsed);
    }
    return parsed;
  };
}

function parseDraft(field: TLiquidField, source: string): TParsedField {
  return { parsed: parseField(field, source), plan: null };
}

function parseField(field: TLiquidField, source: string): TParsedLiquid[] {
  try {
    return engineFor(field).parse(source);
  } catch (error) {
    throw new TemplateRenderError(field, describeLiquidError(error));
  }
}

function planOf(templates: TParsedLiquid[], engine: Liquid): TPlan | null {
  const plan: TPlan = [];
  for (const template of templates) {
    if (template.token.kind === TokenKind.HTML) {
      plan.push((template as unknown as { str: string }).str);
      continue;
    }
    if (!(template instanceof Output)) return null;
    const { initial, filters } = template.value;
    const [access] = initial.postfix;
    if (initial.postfix.length !== 1 || !TypeGuards.isPropertyAccessToken(access) || access.variable !== undefined || access.props.length !== 1) return null;
    const [name] = access.props;
    if (!TypeGuards.isWordToken(name)) return null;
    // The only filter allowed is the one the engine appends itself to escape output (its handler is
    // the engine's outputEscape; LiquidJS types it private).
    const escape = filters.length === 1 && (filters[0] as unknown as { handler: unknown }).handler === engine.options.outputEscape;
    if (filters.length > (escape ? 1 : 0)) return null;
    plan.push({ variable: name.content, escape });
  }
  return plan;
}

const HTML_ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&#34;", "'": "&#39;" };

/** The plan's output, exactly as LiquidJS writes it; null when a value is not a string, number or boolean (LiquidJS decides those, errors included). */
function renderPlan(plan: TPlan, scope: Record<string, unknown>): string | null {
  let out = "";
  for (const part of plan) {
    if (typeof part === "string") {
      out += part;
      continue;
    }
    const value = Object.hasOwn(scope, part.variable) ? scope[part.variable] : undefined;
    if (typeof value !== "string" && typeof value !== "number" && typeof value !== "boolean") return null;
    const text = String(value);
    out += part.escape ? text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]!) : text;
  }
  return out;
}

/** Renders the current version of a stored template; parsed templates are cached by version id. */
export function renderTemplate(template: TResolvedTemplate, variables: Record<string, unknown>): TRendered {
  return renderWith(template, variables, parseCached(template.versionId));
}

/** Renders content that is not saved (previews, validation): parsed afresh each time. */
export function renderDraft(template: TRenderable, variables: Record<string, unknown>): TRendered {
  return renderWith(template, variables, parseDraft);
}

function renderWith(template: TRenderable, variables: Record<string, unknown>, parse: TParse): TRendered {
  const scope = definedOnly(variables);
  const render = (field: TLiquidField, source: string): string => renderField(field, parse(field, source), scope);

  switch (template.channel) {
    case "SMS": {
      const body = render("body", template.body ?? "");
      const { segments, encoding } = smsSegments(body);
      return { body, segments, encoding };
    }
    case "WHATSAPP": {
      const waParameters = template.waVariables.map((name) => parameterValue(scope, name, template.language));
      if (!template.body) return { waParameters };
      const bodyScope = withParameterText(scope, template.waVariables);
      return { body: renderField("body", parse("body", template.body), bodyScope), waParameters };
    }
    case "EMAIL": {
      const rendered: TRendered = {
        subject: render("subject", template.subject ?? ""),
        html: withDirection(render("html", template.html ?? ""), template.language),
      };
      if (template.text) rendered.text = render("text", template.text);
      return rendered;
    }
  }
}

function renderField(field: TLiquidField, { parsed, plan }: TParsedField, scope: Record<string, unknown>): string {
  const planned = plan && renderPlan(plan, scope);
  if (planned !== null) return planned;
  try {
    return engineFor(field).renderSync(parsed, scope) as string;
  } catch (error) {
    const variable = missingVariableOf(error);
    if (variable) throw new MissingVariableError(variable, field);
    throw new TemplateRenderError(field, describeLiquidError(error));
  }
}

/** LiquidJS reports the variable on the error it wraps; fall back to its message. */
function missingVariableOf(error: unknown): string | null {
  if (!(error instanceof UndefinedVariableError)) return null;
  const original = (error as { originalError?: { variableName?: unknown } }).originalError;
  if (typeof original?.variableName === "string") return original.variableName;
  return /undefined variable: ([^,\s]+)/.exec(error.message)?.[1] ?? "unknown";
}

/** null counts as missing: "Dear ," is the gap strict mode exists to prevent. */
function definedOnly(variables: Record<string, unknown>): Record<string, unknown> {
  const scope: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(variables)) if (value !== null && value !== undefined) scope[name] = value;
  return scope;
}

function parameterValue(scope: Record<string, unknown>, name: string, language: string): string {
  const value = whatsAppParameter(Object.hasOwn(scope, name) ? scope[name] : undefined, scope.events, name, language);
  if (value === undefined) throw new MissingVariableError(name, "waVariables");
  return value;
}

/** Right-to-left languages get dir="rtl" on the document, or a wrapping div for a fragment. */
function withDirection(html: string, language: string): string {
  if (textDirection(language) !== "rtl") return html;
  const lang = /^[A-Za-z-]{2,16}$/.test(language) ? language : "ar";
  const htmlTag = /<html\b([^>]*)>/i;
  if (!htmlTag.test(html)) return `<div dir="rtl" lang="${lang}">${html}</div>`;
  return html.replace(htmlTag, (tag, attributes: string) => {
    const added = [/\bdir\s*=/i.test(attributes) ? "" : ` dir="rtl"`, /\blang\s*=/i.test(attributes) ? "" : ` lang="${lang}"`].join("");
    return added ? `<html${added}${attributes}>` : tag;
  });
}
