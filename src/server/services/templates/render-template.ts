import { UndefinedVariableError } from "liquidjs";
import type { TRendered, TResolvedTemplate } from "@/server/domain/notifications";
import { smsSegments } from "@/server/domain/sms-segments";
import { textDirection } from "@/server/domain/templates";
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

type TParse = (field: TLiquidField, source: string) => TParsedLiquid[];

// Versions never change once saved, so a parsed version is good forever; the cap
// only bounds memory when a process renders many distinct versions.
const CACHE_LIMIT = 5_000;
const parsedByVersion = new Map<string, TParsedLiquid[]>();

function parseCached(versionId: string): TParse {
  return (field, source) => {
    const key = `${versionId}:${field}`;
    let parsed = parsedByVersion.get(key);
    if (!parsed) {
      parsed = parseField(field, source);
      if (parsedByVersion.size >= CACHE_LIMIT) parsedByVersion.delete(parsedByVersion.keys().next().value!);
      parsedByVersion.set(key, parsed);
    }
    return parsed;
  };
}

function parseField(field: TLiquidField, source: string): TParsedLiquid[] {
  try {
    return engineFor(field).parse(source);
  } catch (error) {
    throw new TemplateRenderError(field, describeLiquidError(error));
  }
}

/** Renders the current version of a stored template; parsed templates are cached by version id. */
export function renderTemplate(template: TResolvedTemplate, variables: Record<string, unknown>): TRendered {
  return renderWith(template, variables, parseCached(template.versionId));
}

/** Renders content that is not saved (previews, validation): parsed afresh each time. */
export function renderDraft(template: TRenderable, variables: Record<string, unknown>): TRendered {
  return renderWith(template, variables, parseField);
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
      const waParameters = template.waVariables.map((name) => parameterValue(scope, name));
      return template.body ? { body: render("body", template.body), waParameters } : { waParameters };
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

function renderField(field: TLiquidField, parsed: TParsedLiquid[], scope: Record<string, unknown>): string {
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

function parameterValue(scope: Record<string, unknown>, name: string): string {
  if (!Object.hasOwn(scope, name)) throw new MissingVariableError(name, "waVariables");
  const value = scope[name];
  if (typeof value === "string") return value;
  if (value instanceof Date) return value.toISOString();
  if (typeof value === "object") return JSON.stringify(value);
  return String(value);
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
