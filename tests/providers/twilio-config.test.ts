import { describe, expect, it } from "vitest";
import { z } from "zod";
import { loadAdapter } from "@/server/providers/registry";
import { ACCOUNT_SID, API_KEY_SECRET, API_KEY_SID, AUTH_TOKEN, SENDER, SERVICE_SID, sms, whatsApp } from "./twilio-helpers";

const base = { accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN };
const problems = (schema: z.ZodType, input: unknown) => {
  const parsed = schema.safeParse(input);
  return parsed.success ? "" : z.prettifyError(parsed.error);
};

describe("Twilio account config", () => {
  it("takes a sender or a Messaging Service, and an optional API key", () => {
    expect(sms.configSchema.parse({ ...base, from: SENDER })).toEqual({ ...base, from: SENDER });
    expect(sms.configSchema.parse({ ...base, from: "HeraldLab" }).from).toBe("HeraldLab");
    expect(sms.configSchema.parse({ ...base, messagingServiceSid: SERVICE_SID }).messagingServiceSid).toBe(SERVICE_SID);
    expect(sms.configSchema.parse({ ...base, from: SENDER, apiKeySid: API_KEY_SID, apiKeySecret: API_KEY_SECRET })).toMatchObject({ apiKeySid: API_KEY_SID });
  });

  it("stores a WhatsApp sender as its number, written with or without the whatsapp: prefix", () => {
    expect(whatsApp.configSchema.parse({ ...base, from: `whatsapp:${SENDER}` }).from).toBe(SENDER);
    expect(whatsApp.configSchema.parse({ ...base, from: SENDER }).from).toBe(SENDER);
    expect(problems(whatsApp.configSchema, { ...base, from: "HeraldLab" })).toMatch(/from: expected the WhatsApp sender's E\.164 number/);
  });

  it("names the field and what it expected", () => {
    expect(problems(sms.configSchema, { ...base, accountSid: "SK123", from: SENDER })).toMatch(/accountSid: expected a Twilio Account SID starting with AC/);
    expect(problems(sms.configSchema, { ...base, authToken: "short", from: SENDER })).toMatch(/authToken: expected/);
    expect(problems(sms.configSchema, base)).toMatch(/from or messagingServiceSid: expected at least one/);
    expect(problems(sms.configSchema, { ...base, from: SENDER, apiKeySid: API_KEY_SID })).toMatch(/apiKeySecret: expected with apiKeySid/);
    expect(problems(sms.configSchema, { ...base, from: SENDER, apiKeySecret: API_KEY_SECRET })).toMatch(/apiKeySid: expected with apiKeySecret/);
    expect(problems(sms.configSchema, { ...base, messagingServiceSid: "MG1" })).toMatch(/messagingServiceSid: expected a Messaging Service SID/);
    expect(problems(sms.configSchema, { ...base, from: "+1 (415) 555" })).toMatch(/from: expected an E\.164 number/);
    expect(problems(sms.configSchema, { ...base, from: SENDER, region: "ie1" })).toMatch(/region/);
  });

  it("declares its credentials, and that Twilio does not dedupe repeated sends", () => {
    for (const adapter of [sms, whatsApp]) {
      expect(adapter.secretFields).toEqual(["authToken", "apiKeySecret"]);
      expect(adapter.idempotent).toBe(false);
      expect(adapter.provider).toBe("twilio");
    }
  });

  it("is in the registry for SMS and WhatsApp, not email", async () => {
    expect((await loadAdapter("twilio", "SMS"))?.channel).toBe("SMS");
    expect((await loadAdapter("twilio", "WHATSAPP"))?.channel).toBe("WHATSAPP");
    expect(await loadAdapter("twilio", "EMAIL")).toBeNull();
  });
});
