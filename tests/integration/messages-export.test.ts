import { parse } from "csv-parse/sync";
import { beforeAll, describe, expect, it } from "vitest";
import { LOCALE_COOKIE } from "@/i18n/config";
import { db } from "@/server/db";
import { GET } from "@/app/api/labs/[labId]/messages/export/route";
import { csvCell } from "@/server/services/messages/stream-messages-csv";
import { makeApiKey, makeOrgWithLabs } from "../helpers/fixtures";
import { writeMix } from "./stats-helpers";

let labId: string;
let key: string;
let otherKey: string;

beforeAll(async () => {
  const { labs } = await makeOrgWithLabs(1);
  labId = labs[0]!.id;
  key = (await makeApiKey(labId)).key;
  otherKey = (await makeApiKey((await makeOrgWithLabs(1)).labs[0]!.id)).key;
  await writeMix(labId, 0, [
    { channel: "SMS", n: 1200, status: "DELIVERED", at: "2026-10-01T10:00", provider: "twilio", cost: "0.05", currency: "USD", segments: 1 },
    { channel: "EMAIL", n: 3, status: "FAILED", at: "2026-10-02T10:00", provider: "resend", errorCode: "=cmd|' /C calc'!A0" },
    { channel: "SMS", n: 1, status: "FAILED", at: "2026-09-01T10:00", provider: "twilio", errorCode: "30003" },
    { channel: "WHATSAPP", n: 1, status: "SKIPPED", at: "2026-09-01T11:00", skipReason: "missing_variable:patientName" },
    { channel: "EMAIL", n: 1, status: "SKIPPED", at: "2026-09-01T12:00", skipReason: "consent_withdrawn" },
  ]);
});

const exportCsv = (query: string, bearer = key, headers: Record<string, string> = {}) =>
  GET(new Request(`http://localhost/api/labs/${labId}/messages/export?${query}`, { headers: { authorization: `Bearer ${bearer}`, ...headers } }), { params: Promise.resolve({ labId }) });

/** The export's rows as cells by column name, read as a spreadsheet would (quoted cells hold commas). */
async function rowsOf(response: Response): Promise<Record<string, string>[]> {
  return parse(await response.text(), { columns: true }) as Record<string, string>[];
}

describe("GET /api/labs/:labId/messages/export", () => {
  it("streams every matching message as CSV, past any page size", async () => {
    const response = await exportCsv("");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(response.headers.get("content-disposition")).toMatch(/^attachment; filename="messages-.*\.csv"$/);
    const lines = (await response.text()).trimEnd().split("\r\n");
    expect(lines[0]).toBe("id,createdAt,trigger,channel,status,to,externalId,language,provider,providerMessageId,attempts,segments,cost,currency,errorCode,skipReason,explanation,sendAt,sentAt,deliveredAt,redactedAt");
    expect(lines).toHaveLength(1 + 1206);
    expect(new Set(lines.slice(1).map((l) => l.split(",")[0])).size).toBe(1206);
    expect(lines[1]).toContain(",EMAIL,FAILED,");
  });

  it("applies the list's filters, and defuses cells a spreadsheet would run", async () => {
    const lines = (await (await exportCsv("status=FAILED&provider=resend&channel=EMAIL")).text()).trimEnd().split("\r\n");
    expect(lines).toHaveLength(4);
    expect(lines[1]).toContain(`,'=cmd|' /C calc'!A0,`);
    const none = (await (await exportCsv("since=2026-10-03T00:00:00Z")).text()).trimEnd().split("\r\n");
    expect(none).toHaveLength(1);
    expect(await db().message.count({ where: { labId } })).toBe(1206);
  });

  it("explains each failure and skip beside its code, in the caller's language, else English", async () => {
    const september = "since=2026-09-01T00:00:00Z&until=2026-09-02T00:00:00Z";
    const explained = (rows: Record<string, string>[]) => Object.fromEntries(rows.map((row) => [row.errorCode || row.skipReason, row.explanation]));
    const en = explained(await rowsOf(await exportCsv(september)));
    expect(Object.keys(en).sort()).toEqual(["30003", "consent_withdrawn", "missing_variable:patientName"]);
    expect(en["30003"]).toMatch(/^The patient's phone .* What to do: /);
    expect(en["missing_variable:patientName"]).toMatch(/^Template variable missing: The template uses a variable/);
    expect(en.consent_withdrawn).toMatch(/^Consent withdrawn: The patient withdrew consent/);
    const ar = explained(await rowsOf(await exportCsv(september, key, { "accept-language": "ar-SA,ar;q=0.9" })));
    expect(ar.consent_withdrawn).toMatch(/^سُحبت الموافقة: /);
    expect(ar["30003"]).toContain("ما العمل: ");
    // The dashboard's language choice wins over the browser's.
    const chosen = explained(await rowsOf(await exportCsv(september, key, { "accept-language": "ar", cookie: `${LOCALE_COOKIE}=en` })));
    expect(chosen).toEqual(en);
    // A delivered message has nothing to explain.
    const delivered = await rowsOf(await exportCsv("status=DELIVERED"));
    expect(delivered[0]!.explanation).toBe("");
  });

  it("refuses bad filters naming each, unknown callers and other labs' keys", async () => {
    const bad = await exportCsv("status=LOST&since=yesterday&colour=red");
    expect(bad.status).toBe(400);
    const body = (await bad.json()) as { error: string };
    for (const field of ["status:", "since:", "colour"]) expect(body.error).toContain(field);
    expect((await exportCsv("", "hk_live_not-a-key")).status).toBe(401);
    expect((await exportCsv("", otherKey)).status).toBe(404);
  });

  it("quotes cells as RFC 4180 says", () => {
    expect(csvCell('say "hi", then\nleave')).toBe('"say ""hi"", then\nleave"');
    expect(csvCell("+966501234567")).toBe("+966501234567");
    expect(csvCell("-2+3")).toBe("'-2+3");
    expect(csvCell(null)).toBe("");
    expect(csvCell(3)).toBe("3");
  });
});
