import { createHmac } from "node:crypto";
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { TWILIO_MESSAGE_STATUSES, TWILIO_STATUS_MAP, mapTwilioStatus } from "@/server/providers/twilio/twilio-statuses";
import type { TWebhookRequest } from "@/server/providers/types";
import { ACCOUNT_SID, AUTH_TOKEN, sms, twilioConfig, whatsApp } from "./twilio-helpers";

const URL_WITH_QUERY = "https://herald.example/api/webhooks/twilio/acct_1?m=msg_123";
const SID = `SM${"5e".repeat(16)}`;

/** Twilio's documented scheme, written out here independently of the SDK the adapter uses. */
function sign(token: string, url: string, params: Record<string, string>): string {
  const data = url + Object.keys(params).sort().map((name) => name + params[name]).join("");
  return createHmac("sha1", token).update(data, "utf8").digest("base64");
}

function request(params: Record<string, string>, options: { url?: string; token?: string; signature?: string | null; contentType?: string; rawBody?: string } = {}): TWebhookRequest {
  const url = options.url ?? URL_WITH_QUERY;
  const headers = new Headers({ "content-type": options.contentType ?? "application/x-www-form-urlencoded" });
  const signature = options.signature === undefined ? sign(options.token ?? AUTH_TOKEN, url, params) : options.signature;
  if (signature !== null) headers.set("x-twilio-signature", signature);
  return { url, method: "POST", headers, rawBody: options.rawBody ?? new URLSearchParams(params).toString() };
}

const status = (messageStatus: string, extra: Record<string, string> = {}) => ({
  AccountSid: ACCOUNT_SID,
  ApiVersion: "2010-04-01",
  From: "+14155550100",
  MessageSid: SID,
  MessageStatus: messageStatus,
  SmsSid: SID,
  SmsStatus: messageStatus,
  To: "+966501234567",
  ...extra,
});

describe("Twilio webhook signatures", () => {
  const config = twilioConfig();
  const now = new Date();

  it("accepts Twilio's signature over the exact URL, query included, and the sorted parameters", async () => {
    const params = status("delivered", { RawDlrDoneDate: "2501011200", Body: "spaces & symbols +=%" });
    expect(await sms.verifyWebhook!(request(params), config, now)).toBe(true);
    expect(await whatsApp.verifyWebhook!(request(params), twilioConfig({}, "WHATSAPP"), now)).toBe(true);
  });

  it("rejects a tampered body, a wrong token, a missing header and another URL", async () => {
    const params = status("delivered");
    const tampered = request(params);
    tampered.rawBody = new URLSearchParams({ ...params, MessageStatus: "failed" }).toString();
    expect(await sms.verifyWebhook!(tampered, config, now)).toBe(false);
    expect(await sms.verifyWebhook!(request(params, { token: "f".repeat(32) }), config, now)).toBe(false);
    expect(await sms.verifyWebhook!(request(params, { signature: null }), config, now)).toBe(false);
    expect(await sms.verifyWebhook!(request(params, { signature: "" }), config, now)).toBe(false);
    // Signed for the URL with its query; presented without it.
    const signedWithQuery = sign(AUTH_TOKEN, URL_WITH_QUERY, params);
    expect(await sms.verifyWebhook!(request(params, { url: URL_WITH_QUERY.split("?")[0], signature: signedWithQuery }), config, now)).toBe(false);
  });
});

describe("Twilio webhook parsing", () => {
  const parse = (req: TWebhookRequest) => sms.parseWebhook!(req);

  it.each([
    ["sent", "SENT"],
    ["delivered", "DELIVERED"],
    ["read", "READ"],
    ["partially_delivered", "DELIVERED"],
    ["canceled", "FAILED"],
  ] as const)("turns a %s callback into %s", (twilioStatus, heraldStatus) => {
    expect(parse(request(status(twilioStatus)))).toEqual([
      { kind: "status", eventKey: `${SID}:${twilioStatus}:`, report: { providerMessageId: SID, status: heraldStatus, at: expect.any(Date), heraldMessageId: "msg_123" } },
    ]);
  });

  it("keeps the error code and message of an undelivered or failed message", () => {
    // Twilio's callbacks send ErrorCode alone: the message is Twilio's documented one for the code, where it has one.
    expect(parse(request(status("undelivered", { ErrorCode: "30003" })))).toEqual([
      {
        kind: "status",
        eventKey: `${SID}:undelivered:30003`,
        report: { providerMessageId: SID, status: "UNDELIVERED", at: expect.any(Date), errorCode: "30003", errorMessage: "Unreachable destination handset", heraldMessageId: "msg_123" },
      },
    ]);
    expect(parse(request(status("failed", { ErrorCode: "63016" })))[0]).toMatchObject({
      report: { errorCode: "template_required", providerCode: "63016", errorMessage: expect.stringMatching(/^Failed to send freeform message because you are outside the allowed window\./) },
    });
    const [unknownCode] = parse(request(status("undelivered", { ErrorCode: "39999" })));
    expect(unknownCode).toMatchObject({ report: { errorCode: "39999" } });
    expect(unknownCode).not.toHaveProperty("report.errorMessage");
    expect(unknownCode).not.toHaveProperty("report.providerCode");
    const [failed] = parse(request(status("failed", { ErrorCode: "63016", ErrorMessage: "Outside the allowed window", To: "whatsapp:+966501234567" })));
    expect(failed).toMatchObject({ kind: "status", report: { status: "FAILED", errorCode: "template_required", providerCode: "63016", errorMessage: "Outside the allowed window" } });
    expect(failed).not.toHaveProperty("suppress");
  });

  it("suppresses the recipient of a callback that says they opted out (21610), without the channel prefix", () => {
    const [event] = parse(request(status("failed", { ErrorCode: "21610", To: "whatsapp:+966501234567" })));
    expect(event).toMatchObject({ kind: "status", report: { status: "FAILED", errorCode: "unsubscribed", providerCode: "21610" }, suppress: { address: "+966501234567", reason: "provider_unsubscribed" } });
  });

  it("ignores statuses that report nothing new, and statuses it does not know", () => {
    for (const s of ["queued", "accepted", "sending", "scheduled", "some_future_status"]) expect(parse(request(status(s)))).toEqual([]);
  });

  it("accepts parameters it does not know", () => {
    expect(parse(request(status("delivered", { ChannelPrefix: "whatsapp", NewParameterFromTwilio: "1", NumSegments: "3" })))).toMatchObject([
      { report: { status: "DELIVERED", segments: 3 } },
    ]);
  });

  it("turns inbound SMS and WhatsApp messages into inbound events, numbers without the channel prefix", () => {
    const inbound = { AccountSid: ACCOUNT_SID, MessageSid: SID, SmsSid: SID, From: "+966501234567", To: "+14155550100", Body: "STOP", NumMedia: "0", SmsStatus: "received" };
    expect(parse(request(inbound))).toEqual([{ kind: "inbound", eventKey: SID, from: "+966501234567", to: "+14155550100", body: "STOP" }]);
    const wa = { ...inbound, From: "whatsapp:+966501234567", To: "whatsapp:+14155550100", Body: "متى تصدر النتيجة؟", WaId: "966501234567" };
    expect(whatsApp.parseWebhook!(request(wa))).toEqual([{ kind: "inbound", eventKey: SID, from: "+966501234567", to: "+14155550100", body: "متى تصدر النتيجة؟" }]);
    // A received status without a Body is not a message we can act on.
    const { Body: _, ...withoutBody } = inbound;
    expect(parse(request(withoutBody))).toEqual([]);
  });

  it("throws on bodies that are neither a status callback nor an inbound message", () => {
    expect(() => parse(request({ MessageStatus: "delivered" }))).toThrow(/MessageSid/);
    expect(() => parse(request({ MessageSid: SID, To: "+966501234567" }))).toThrow(/MessageStatus/);
    expect(() => parse(request({}, { contentType: "application/json", rawBody: JSON.stringify(status("delivered")) }))).toThrow(/form-encoded/);
    expect(() => parse(request({ MessageSid: SID, SmsStatus: "received", Body: "hi" }))).toThrow(/From and To/);
  });

  it("answers with empty TwiML", () => {
    expect(sms.webhookAnswer).toEqual({ contentType: "text/xml", body: '<?xml version="1.0" encoding="UTF-8"?><Response></Response>' });
    expect(whatsApp.webhookAnswer).toEqual(sms.webhookAnswer);
  });
});

describe("Twilio status table", () => {
  it("covers every status in Twilio's spec", () => {
    const spec = JSON.parse(readFileSync(new URL("../fixtures/specs/twilio_api_v2010.messages.json", import.meta.url), "utf8")) as {
      components: { schemas: { message_enum_status: { enum: string[] } } };
    };
    expect([...TWILIO_MESSAGE_STATUSES].sort()).toEqual([...spec.components.schemas.message_enum_status.enum].sort());
  });

  it("maps what reaches the carrier onto Herald's statuses, and nothing else", () => {
    expect(TWILIO_STATUS_MAP).toEqual({
      accepted: null,
      scheduled: null,
      queued: null,
      sending: null,
      sent: "SENT",
      delivered: "DELIVERED",
      partially_delivered: "DELIVERED",
      read: "READ",
      undelivered: "UNDELIVERED",
      failed: "FAILED",
      canceled: "FAILED",
      receiving: null,
      received: null,
    });
    expect(mapTwilioStatus("toString")).toBeNull();
  });
});
