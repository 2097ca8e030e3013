// The SendGrid account config's checks, and how failures the simulator does not produce are classified.
import { generateKeyPairSync } from "node:crypto";
import { describe, expect, it } from "vitest";
import { emailMessage } from "../helpers/email-message";
import { mailSendSchema, newApiKey, newKeyPair, sendgridConfig } from "./sendgrid-support";
import { SENDGRID_SECRET_FIELDS, ZSendGridConfig } from "@/server/providers/sendgrid/sendgrid-config";
import { classifySendGridResponse, retryAfterMsOf } from "@/server/providers/sendgrid/sendgrid-errors";
import { buildMailSendBody } from "@/server/providers/sendgrid/sendgrid-mail-body";
import { sendgridEmailAdapter as adapter } from "@/server/providers/sendgrid/sendgrid.provider";

describe("SendGrid config", () => {
  const messagesOf = (input: unknown) => {
    const result = ZSendGridConfig.safeParse(input);
    return result.success ? [] : result.error.issues.map((i) => i.message);
  };

  it("accepts a key, a verified sender and the console's verification key", () => {
    const config = sendgridConfig({ replyTo: "help@lab.example" });
    expect(ZSendGridConfig.parse(config)).toEqual(config);
    expect(adapter.secretFields).toEqual(SENDGRID_SECRET_FIELDS);
    expect(adapter.secretFields).toEqual(["apiKey"]);
    expect(adapter.idempotent).toBe(false);
    expect(adapter.fetchStatus).toBeUndefined();
  });

  it("names the field and what was expected", () => {
    const good = sendgridConfig();
    expect(messagesOf({ ...good, apiKey: "re_123" })).toEqual([expect.stringMatching(/^apiKey: expected a SendGrid API key starting with SG\./)]);
    expect(messagesOf({ ...good, from: "lab" })).toEqual([expect.stringMatching(/^from: expected the verified sender's email address/)]);
    expect(messagesOf({ ...good, replyTo: "x" })).toEqual(["replyTo: expected an email address"]);
    expect(messagesOf({ ...good, webhookPublicKey: undefined })).toEqual([expect.stringMatching(/^webhookPublicKey: expected the Event Webhook's verification key/)]);
    expect(messagesOf({ ...good, webhookPublicKey: "c2VjcmV0" })).toEqual([expect.stringMatching(/^webhookPublicKey: .*P-256/)]);
  });

  it("refuses a verification key on another curve", () => {
    const secp256k1 = generateKeyPairSync("ec", { namedCurve: "secp256k1" }).publicKey.export({ type: "spki", format: "der" }).toString("base64");
    expect(messagesOf({ ...sendgridConfig(), webhookPublicKey: secp256k1 })).toHaveLength(1);
    expect(messagesOf({ ...sendgridConfig(), webhookPublicKey: newKeyPair().publicKeyBase64 })).toEqual([]);
  });
});

describe("SendGrid Mail Send body", () => {
  it("conforms to SendGrid's spec copy, which does refuse a body without from", () => {
    const validate = mailSendSchema();
    const body = buildMailSendBody(emailMessage("sara@example.com"), sendgridConfig({ replyTo: "help@lab.example" }));
    expect(validate(body)).toBe(true);
    const { from: _from, ...withoutFrom } = body;
    expect(validate(withoutFrom)).toBe(false);
    // The spec types message-level custom_args as a string, which is why Herald's ride on the personalization.
    expect(validate({ ...body, custom_args: { herald_message_id: "m" } })).toBe(false);
  });
});

describe("SendGrid error classification", () => {
  const now = Date.UTC(2025, 5, 1, 12);

  it("waits as long as Retry-After says, else until X-RateLimit-Reset", () => {
    expect(retryAfterMsOf({ "Retry-After": "3" }, now)).toBe(3_000);
    expect(retryAfterMsOf({ "retry-after": new Date(now + 5_000).toUTCString() }, now)).toBe(5_000);
    expect(retryAfterMsOf({ "x-ratelimit-reset": String(now / 1000 + 42) }, now)).toBe(42_000);
    expect(retryAfterMsOf({ "x-ratelimit-reset": String(now / 1000 - 42) }, now)).toBe(0);
    expect(retryAfterMsOf({}, now)).toBeUndefined();
  });

  it("blames the account for a 400 about the sender, and the message for other 400s", () => {
    expect(classifySendGridResponse(400, { errors: [{ message: "The from email does not contain a valid address.", field: "from.email" }] }, {})).toMatchObject({
      kind: "permanent",
      scope: "account",
      code: "invalid_sender",
      providerCode: "from.email",
    });
    expect(classifySendGridResponse(400, { errors: [{ message: "Invalid type.", field: "categories" }] }, {})).toMatchObject({
      kind: "permanent",
      scope: "recipient",
      code: "rejected",
      providerCode: "categories",
    });
    expect(classifySendGridResponse(403, { errors: [{ message: "access forbidden", field: null }] }, {})).toMatchObject({ scope: "account", code: "bad_credentials" });
  });

  it("never puts an API key into a message, even one SendGrid echoes", () => {
    const apiKey = newApiKey();
    const classified = classifySendGridResponse(400, { errors: [{ message: `bad key ${apiKey} and SG.other.key`, field: null }] }, {}, apiKey);
    expect(classified.message).not.toContain(apiKey);
    expect(classified.message).not.toContain("SG.other");
    expect(classified.message).toContain("[redacted]");
  });

  it("classifies errors it did not raise: an abort as a timeout, a network error as retryable", () => {
    expect(adapter.classifyError(Object.assign(new Error("canceled"), { code: "ERR_CANCELED" }))).toMatchObject({ kind: "retryable", code: "timeout" });
    expect(adapter.classifyError(Object.assign(new Error("socket hang up"), { code: "ECONNRESET" }))).toMatchObject({ kind: "retryable", code: "network_error" });
    expect(adapter.classifyError({ code: 500, response: { body: "", headers: {} } })).toMatchObject({ kind: "retryable", code: "provider_unavailable" });
  });
});
