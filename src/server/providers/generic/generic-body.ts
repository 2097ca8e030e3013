// The request body of a generic vendor: a LiquidJS template in which every output is escaped for
// the body's format, so a value (a patient's name, a message) can never close a JSON string or add a
// form field. `raw` is neutralised: nothing reaches the body unescaped.
import { Liquid } from "liquidjs";

export type TBodyVariables = {
  to: string;
  toDigits: string;
  body: string;
  messageId: string;
  triggerKey: string;
  from: string;
  webhookUrl: string;
  template: { name: string; language: string; parameters: string[] };
};

function jsonEscape(value: unknown): string {
  // JSON.stringify of the text, without its quotes: quotes, backslashes and control characters escaped;
  // U+2028/9 too, for consumers that parse JSON as JavaScript.
  return JSON.stringify(String(value ?? "")).slice(1, -1).replaceAll("\u2028", "\\u2028").replaceAll("\u2029", "\\u2029");
}

const formEscape = (value: unknown) => encodeURIComponent(String(value ?? ""));

function engine(contentType: "json" | "form"): Liquid {
  const liquid = new Liquid({ strictVariables: true, strictFilters: true, outputEscape: contentType === "json" ? jsonEscape : formEscape, cache: true });
  liquid.registerFilter("raw", (value: unknown) => value);
  return liquid;
}

const engines = { json: engine("json"), form: engine("form") };

const SAMPLE: TBodyVariables = {
  to: "+966501234567",
  toDigits: "966501234567",
  body: 'Sample "quoted" text\\ with & = + and a\nnew line',
  messageId: "cmsample0000000000000000",
  triggerKey: "REPORT_READY",
  from: "LAB",
  webhookUrl: "https://herald.example/api/webhooks/generic/account/token",
  template: { name: "report_ready", language: "en", parameters: ["Sara", "R-1001"] },
};

/** The body for these values; throws when the template uses a variable it is not given or makes invalid JSON. */
export function renderBody(template: string, contentType: "json" | "form", variables: TBodyVariables): string {
  const body = engines[contentType].parseAndRenderSync(template, variables) as string;
  if (contentType === "json") JSON.parse(body);
  return body;
}

/** Why a template cannot be used (a syntax error, an unknown variable, not JSON when rendered), or null. */
export function bodyTemplateProblem(template: string, contentType: "json" | "form"): string | null {
  try {
    renderBody(template, contentType, SAMPLE);
    return null;
  } catch (error) {
    const reason = error instanceof SyntaxError ? "it does not render to valid JSON (quote each value: \"to\": \"{{ to }}\")" : (error as Error).message.split("\n")[0];
    return `expected a LiquidJS template over to, toDigits, body, messageId, triggerKey, from, webhookUrl and template.*: ${reason}`;
  }
}
