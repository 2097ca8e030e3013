// Twilio's OpenAPI spec (the Messages operations, tests/fixtures/specs) as ajv validators.
import { readFileSync } from "node:fs";
import Ajv, { type ValidateFunction } from "ajv";
import addFormats from "ajv-formats";
import { expect } from "vitest";
import type { TLedgerEntry } from "../../simulator/ledger";

type TSpec = {
  paths: Record<string, Record<string, TOperation>>;
  components: { schemas: Record<string, unknown> };
};
type TOperation = {
  operationId: string;
  parameters?: { name: string; in: string; schema: unknown; required?: boolean }[];
  requestBody?: { content: Record<string, { schema: unknown }> };
  responses: Record<string, { content?: Record<string, { schema: unknown }> }>;
};

const spec = JSON.parse(readFileSync(new URL("../fixtures/specs/twilio_api_v2010.messages.json", import.meta.url), "utf8")) as TSpec;

// Form fields are strings on the wire, so the spec's booleans and integers are read as Twilio reads them.
const ajv = new Ajv({ strict: false, allErrors: true, coerceTypes: true });
addFormats(ajv);
// Twilio's own formats: E.164, a channel address (whatsapp:+...), a short code or an alphanumeric sender id.
ajv.addFormat("phone-number", /^(?:(?:[a-z]+:)?\+[1-9]\d{1,14}|\d{5,6}|(?=.*[A-Za-z])[A-Za-z0-9 ]{1,11})$/);
ajv.addFormat("currency", /^[A-Z]{3}$/);
// Twilio's name for an object of URIs (subresource_uris); a format only applies to strings.
ajv.addFormat("uri-map", true);
ajv.addFormat("date-time-rfc-2822", /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d{2}:\d{2}:\d{2} [+-]\d{4}$/);

/** A schema from the spec, compiled with the spec's components beside it so its $refs resolve. */
function compile(schema: unknown): ValidateFunction {
  return ajv.compile({ ...(schema as object), components: spec.components });
}

type TRoute = { method: string; pattern: RegExp; names: string[]; operation: TOperation };

const routes: TRoute[] = Object.entries(spec.paths).flatMap(([path, item]) =>
  Object.entries(item)
    .filter(([method]) => ["get", "post"].includes(method))
    .map(([method, operation]) => {
      const names = [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!);
      const pattern = new RegExp(`^${path.replace(/\./g, "\\.").replace(/\{\w+\}/g, "([^/]+)")}$`);
      return { method: method.toUpperCase(), pattern, names, operation };
    }),
);

export const createMessageResponse = compile(spec.components.schemas["api.v2010.account.message"]);
const createMessageForm = compile(
  routes.find((r) => r.operation.operationId === "CreateMessage")!.operation.requestBody!.content["application/x-www-form-urlencoded"]!.schema,
);

/** The form fields as an object: a repeated field (MediaUrl) as a list. */
export function formFields(rawBody: string): Record<string, string | string[]> {
  const params = new URLSearchParams(rawBody);
  return Object.fromEntries([...new Set(params.keys())].map((name) => [name, params.getAll(name).length > 1 || name === "MediaUrl" ? params.getAll(name) : params.get(name)!]));
}

/** Problems of one recorded request against the spec: its operation, path parameters and form body. */
export function specProblems(entry: Pick<TLedgerEntry, "method" | "path" | "contentType" | "rawBody">): string[] {
  const route = routes.find((r) => r.method === entry.method && r.pattern.test(entry.path));
  if (!route) return [`${entry.method} ${entry.path}: no such operation in the spec`];
  const problems: string[] = [];
  const values = route.pattern.exec(entry.path)!.slice(1);
  for (const [i, name] of route.names.entries()) {
    const parameter = route.operation.parameters?.find((p) => p.name === name && p.in === "path");
    const validate = parameter && compile(parameter.schema);
    if (validate && !validate(decodeURIComponent(values[i]!))) problems.push(`${route.operation.operationId} path ${name}: ${ajv.errorsText(validate.errors)}`);
  }
  if (route.operation.requestBody) {
    if (!entry.contentType?.startsWith("application/x-www-form-urlencoded")) problems.push(`${route.operation.operationId}: content type ${entry.contentType}`);
    if (!createMessageForm(formFields(entry.rawBody))) problems.push(`${route.operation.operationId} body: ${ajv.errorsText(createMessageForm.errors)}`);
  }
  return problems;
}

/** Every request the simulator recorded for Twilio conforms to the spec. */
export function expectLedgerConforms(entries: TLedgerEntry[]): void {
  const twilio = entries.filter((e) => e.provider === "twilio");
  expect(twilio.length).toBeGreaterThan(0);
  expect(twilio.flatMap((e) => specProblems(e).map((p) => `#${e.seq} ${p}`))).toEqual([]);
}
