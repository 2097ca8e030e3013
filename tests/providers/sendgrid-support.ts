// Shared by the SendGrid tests: the simulator with SendGrid only, the adapter's config,
// a key pair as SendGrid's console would show it, and conformance against the Mail Send spec copy.
import { generateKeyPairSync, randomBytes, type KeyObject } from "node:crypto";
import { readFileSync } from "node:fs";
import Ajv2020, { type ValidateFunction } from "ajv/dist/2020";
import addFormats from "ajv-formats";
import { startSimulator, type TSimulator } from "../../simulator/server";
import type { TSendGridConfig } from "@/server/providers/sendgrid/sendgrid-config";

export function startSendGridSimulator(): Promise<TSimulator> {
  return startSimulator({ providers: ["sendgrid"] });
}

export function newApiKey(): string {
  return `SG.${randomBytes(16).toString("base64url")}.${randomBytes(32).toString("base64url")}`;
}

export type TKeyPair = { privateKey: KeyObject; publicKeyBase64: string; privateKeyBase64: string };

/** A P-256 key pair; the public half as SendGrid's console shows it (base64 DER SPKI). */
export function newKeyPair(): TKeyPair {
  const { privateKey, publicKey } = generateKeyPairSync("ec", { namedCurve: "prime256v1" });
  return {
    privateKey,
    publicKeyBase64: publicKey.export({ type: "spki", format: "der" }).toString("base64"),
    privateKeyBase64: privateKey.export({ type: "pkcs8", format: "der" }).toString("base64"),
  };
}

export function sendgridConfig(overrides: Partial<TSendGridConfig> = {}): TSendGridConfig {
  return { apiKey: newApiKey(), from: "reports@lab.example", fromName: "Herald Lab", webhookPublicKey: newKeyPair().publicKeyBase64, ...overrides };
}

/** The request body schema of SendGrid's SendMail operation, from the trimmed spec copy. */
export function mailSendSchema(): ValidateFunction {
  const spec = JSON.parse(readFileSync(new URL("../fixtures/specs/tsg_mail_v3.mail-send.json", import.meta.url), "utf8")) as { $id?: string };
  // OpenAPI 3.1 schemas are JSON Schema 2020-12; the spec's own annotations (example, nullable) are not keywords.
  const ajv = new Ajv2020({ allErrors: true, strict: false });
  addFormats(ajv);
  ajv.addSchema({ ...spec, $id: "https://herald.example/specs/tsg_mail_v3.json" });
  return ajv.compile({ $ref: "https://herald.example/specs/tsg_mail_v3.json#/components/requestBodies/PostMailSend/content/application~1json/schema" });
}

/** Every Mail Send body the simulator recorded, checked against the spec: the problems found and how many were checked. */
export function nonConformingRequests(sim: TSimulator): { checked: number; problems: string[] } {
  const validate = mailSendSchema();
  const problems: string[] = [];
  let checked = 0;
  for (const entry of sim.ledger.query({ provider: "sendgrid" })) {
    if (entry.method === "GET") continue;
    if (entry.method !== "POST" || entry.path !== "/v3/mail/send") {
      problems.push(`${entry.method} ${entry.path}: not an operation Herald uses`);
      continue;
    }
    checked += 1;
    if (!validate(JSON.parse(entry.rawBody))) problems.push(`#${entry.seq}: ${JSON.stringify(validate.errors)}`);
  }
  return { checked, problems };
}
