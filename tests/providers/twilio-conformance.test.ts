// The checker the adapter tests use on the simulator's ledger, shown to catch what it should.
import { describe, expect, it } from "vitest";
import { specProblems } from "./twilio-spec";
import { ACCOUNT_SID, CONTENT_SID, SENDER } from "./twilio-helpers";

const create = (form: Record<string, string>, path = `/2010-04-01/Accounts/${ACCOUNT_SID}/Messages.json`) => ({
  method: "POST",
  path,
  contentType: "application/x-www-form-urlencoded",
  rawBody: new URLSearchParams(form).toString(),
});

describe("Twilio spec conformance checks", () => {
  it("pass the requests the adapter makes", () => {
    const callback = "https://herald.example/api/webhooks/twilio/acct_1?m=msg_1";
    expect(specProblems(create({ To: "+966501234567", From: SENDER, Body: "hi", StatusCallback: callback }))).toEqual([]);
    expect(specProblems(create({ To: "whatsapp:+966501234567", From: `whatsapp:${SENDER}`, ContentSid: CONTENT_SID, ContentVariables: '{"1":"a"}', StatusCallback: callback }))).toEqual([]);
    expect(specProblems({ method: "GET", path: `/2010-04-01/Accounts/${ACCOUNT_SID}/Messages/SM${"0".repeat(32)}.json`, contentType: null, rawBody: "" })).toEqual([]);
  });

  it("catch a missing To, a malformed sid, a wrong content type and an unknown operation", () => {
    expect(specProblems(create({ From: SENDER, Body: "hi" }))).toEqual([expect.stringMatching(/CreateMessage body: .*To/)]);
    expect(specProblems(create({ To: "+966501234567", From: SENDER, MessagingServiceSid: "MG1" }))).toEqual([expect.stringMatching(/MessagingServiceSid/)]);
    expect(specProblems(create({ To: "+966501234567", From: SENDER, Body: "hi" }, "/2010-04-01/Accounts/AC1/Messages.json"))).toEqual([expect.stringMatching(/path AccountSid/)]);
    expect(specProblems({ ...create({ To: "+966501234567", From: SENDER, Body: "hi" }), contentType: "application/json" })).toEqual([expect.stringMatching(/content type/)]);
    expect(specProblems({ method: "DELETE", path: `/2010-04-01/Accounts/${ACCOUNT_SID}/Messages.json`, contentType: null, rawBody: "" })).toEqual([expect.stringMatching(/no such operation/)]);
  });
});
