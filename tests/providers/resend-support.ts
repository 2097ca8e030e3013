// Shared by the Resend tests: the simulator with Resend only, a webhook receiver, the adapter's
// config, and conformance checks against the JSON Schemas in tests/fixtures/specs/resend/.
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { Ajv, type ValidateFunction } from "ajv";
import addFormats from "ajv-formats";
import { startSimulator, type TSimulator } from "../../simulator/server";
import type { TResendConfig } from "@/server/providers/resend/resend-config";
import type { TEmailMessage } from "@/server/providers/types";

export function startResendSimulator(): Promise<TSimulator> {
  return startSimulator({ providers: ["resend"] });
}

export function newWebhookSecret(): string {
  return `whsec_${randomBytes(24).toString("base64")}`;
}

export function resendConfig(overrides: Partial<TResendConfig> = {}): TResendConfig {
  return { apiKey: `re_test_${randomBytes(6).toString("hex")}`, from: "Herald Lab <lab@herald.example>", webhookSecret: newWebhookSecret(), ...overrides };
}

export { emailMessage } from "../helpers/email-message";
export { startWebhookReceiver, type TRecordedCall } from "../helpers/webhook-receiver";

/** Validators from the schemas written from Resend's published API reference (see the fixtures README). */
export function resendSchemas(): { sendEmail: ValidateFunction; sendBatch: ValidateFunction; webhookEvent: ValidateFunction } {
  const ajv = new Ajv({ allErrors: true, strict: true, strictRequired: false });
  addFormats(ajv);
  const load = (name: string) => JSON.parse(readFileSync(new URL(`../fixtures/specs/resend/${name}`, import.meta.url), "utf8")) as object;
  ajv.addSchema(load("send-email.schema.json"));
  ajv.addSchema(load("send-batch.schema.json"));
  ajv.addSchema(load("webhook-event.schema.json"));
  const get = (id: string) => ajv.getSchema(`https://herald.example/specs/resend/${id}`)!;
  return { sendEmail: get("send-email.schema.json"), sendBatch: get("send-batch.schema.json"), webhookEvent: get("webhook-event.schema.json") };
}

/**
 * Every request body the simulator recorded, checked against its operation's schema; returns the
 * problems found (empty when all conform) and how many bodies were checked.
 */
export function nonConformingRequests(sim: TSimulator): { checked: number; problems: string[] } {
  const schemas = resendSchemas();
  const problems: string[] = [];
  let checked = 0;
  for (const entry of sim.ledger.query({ provider: "resend" })) {
    if (entry.method !== "POST") continue;
    // A batch is recorded as a whole (send_batch) and, once accepted, as one send per email.
    const validate = entry.operation === "send_batch" ? schemas.sendBatch : entry.operation === "send" ? schemas.sendEmail : null;
    if (!validate) {
      problems.push(`${entry.method} ${entry.path}: no schema for operation ${entry.operation}`);
      continue;
    }
    checked += 1;
    if (!validate(JSON.parse(entry.rawBody))) problems.push(`${entry.operation} #${entry.seq}: ${JSON.stringify(validate.errors)}`);
  }
  return { checked, problems };
}
