import ExcelJS from "exceljs";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/server/db";
import { POST as upload } from "@/app/api/labs/[labId]/campaigns/upload/route";
import { GET as errorsCsv } from "@/app/api/labs/[labId]/campaigns/[campaignId]/errors/route";
import { GET as reportCsv } from "@/app/api/labs/[labId]/campaigns/[campaignId]/report/route";
import { makeApiKey, makeOrgWithLabs, makeUser, uniq } from "../helpers/fixtures";
import { sessionCookie } from "../helpers/session-cookie";
import { COLUMNS, goodRow, makeCampaignLab, MAPPING } from "./campaigns-helpers";

let setup: Awaited<ReturnType<typeof makeCampaignLab>>;
let key: string;
let otherKey: string;
let staffKey: { cookie: string };

beforeAll(async () => {
  setup = await makeCampaignLab();
  key = (await makeApiKey(setup.labId)).key;
  otherKey = (await makeApiKey((await makeOrgWithLabs(1)).labs[0]!.id)).key;
  const staff = await makeUser({ labId: setup.labId, role: "LAB_STAFF" });
  staffKey = { cookie: await sessionCookie(staff.user.email, staff.password) };
});

const send = (body: BodyInit, query: string, headers: Record<string, string> = { authorization: `Bearer ${key}` }) =>
  upload(new Request(`http://localhost:3000/api/labs/${setup.labId}/campaigns/upload?${query}`, { method: "POST", body, headers, duplex: "half" } as RequestInit), { params: Promise.resolve({ labId: setup.labId }) });

const csvOf = (rows: string[][], delimiter = ",") => rows.map((r) => r.map((c) => (c.includes(delimiter) || c.includes('"') ? `"${c.replaceAll('"', '""')}"` : c)).join(delimiter)).join("\r\n");

async function xlsxOf(rows: (string | number)[][]): Promise<Uint8Array<ArrayBuffer>> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet("Patients");
  for (const row of rows) sheet.addRow(row);
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}

describe("POST /api/labs/:labId/campaigns/upload", () => {
  it("reads a CSV as it arrives into a draft campaign, cells as written (quotes, commas, Arabic)", async () => {
    const rows = [COLUMNS, ["p-1", 'Sara "S", Al-Harbi', "0501234567", "sara@example.test", "R-1"], ["p-2", "نورة", "+966501234568", "", "R-2"]];
    const response = await send("\uFEFF" + csvOf(rows), "name=Closure&fileName=patients.csv");
    expect(response.status).toBe(201);
    const { campaignId, rowCount } = (await response.json()) as { campaignId: string; rowCount: number };
    expect(rowCount).toBe(2);
    const campaign = await db().campaign.findUniqueOrThrow({ where: { id: campaignId }, include: { rows: { orderBy: { rowNumber: "asc" } } } });
    expect(campaign).toMatchObject({ labId: setup.labId, name: "Closure", fileName: "patients.csv", status: "DRAFT", columns: COLUMNS, rowCount: 2 });
    expect(campaign.rows.map((r) => r.cells)).toEqual([rows[1], rows[2]]);
  });

  it("reads TSV and the first worksheet of an XLSX, numbers as written", async () => {
    const tsv = await send(csvOf([COLUMNS, goodRow(1), goodRow(2)], "\t"), "name=Tabs&fileName=patients.tsv");
    expect(((await tsv.json()) as { rowCount: number }).rowCount).toBe(2);
    const xlsx = await send(await xlsxOf([COLUMNS, ["p-9", "Huda", 501234569, "huda@example.test", 1001]]), "name=Sheet&fileName=patients.xlsx");
    expect(xlsx.status).toBe(201);
    const { campaignId } = (await xlsx.json()) as { campaignId: string };
    const [row] = await db().campaignRow.findMany({ where: { campaignId } });
    expect(row!.cells).toEqual(["p-9", "Huda", "501234569", "huda@example.test", "1001"]);
    const summary = await setup.admin.campaigns.configure({ labId: setup.labId, campaignId, triggerKey: setup.trigger, channels: ["SMS"], mapping: MAPPING });
    expect(summary).toMatchObject({ ready: 1, rejected: 0 });
  });

  it("a retried upload with the same Idempotency-Key returns the first campaign and writes nothing", async () => {
    const body = csvOf([COLUMNS, goodRow(1)]);
    const headers = { authorization: `Bearer ${key}`, "idempotency-key": `upload-${uniq()}` };
    const first = (await (await send(body, "name=Once&fileName=a.csv", headers)).json()) as { campaignId: string };
    const again = await send(body, "name=Once&fileName=a.csv", headers);
    expect(again.status).toBe(200);
    expect(((await again.json()) as { campaignId: string }).campaignId).toBe(first.campaignId);
    expect(await db().campaign.count({ where: { labId: setup.labId, name: "Once" } })).toBe(1);
  });

  it("refuses what it cannot take, naming it, and writes nothing", async () => {
    const before = await db().campaign.count({ where: { labId: setup.labId } });
    const bad = await send(csvOf([COLUMNS]), "fileName=patients.pdf");
    expect(bad.status).toBe(400);
    const { error } = (await bad.json()) as { error: string };
    expect(error).toMatch(/name: .*fileName: expected a \.csv, \.tsv or \.xlsx file/);
    const empty = await send("", "name=Empty&fileName=e.csv");
    expect(((await empty.json()) as { error: string }).error).toMatch(/file: the file has no header row/);
    const dup = await send(csvOf([["a", "a"], ["1", "2"]]), "name=Dup&fileName=d.csv");
    expect(((await dup.json()) as { error: string }).error).toMatch(/header row: expected each column name once/);
    const broken = await send("not a zip", "name=Broken&fileName=b.xlsx");
    expect(broken.status).toBe(400);
    expect(((await broken.json()) as { error: string }).error).toMatch(/file: could not read the file as XLSX/);
    expect(await db().campaign.count({ where: { labId: setup.labId } })).toBe(before);
  });

  it("refuses unknown callers, other labs' keys, staff, and a session from another site", async () => {
    const body = csvOf([COLUMNS, goodRow(1)]);
    expect((await send(body, "name=X&fileName=x.csv", { authorization: "Bearer hk_live_nope" })).status).toBe(401);
    expect((await send(body, "name=X&fileName=x.csv", { authorization: `Bearer ${otherKey}` })).status).toBe(404);
    expect((await send(body, "name=X&fileName=x.csv", { cookie: staffKey.cookie, origin: "http://localhost:3000" })).status).toBe(403);
    const admin = await makeUser({ labId: setup.labId, role: "LAB_ADMIN" });
    const cookie = await sessionCookie(admin.user.email, admin.password);
    expect((await send(body, "name=X&fileName=x.csv", { cookie, origin: "https://evil.example" })).status).toBe(403);
    expect((await send(body, "name=Mine&fileName=x.csv", { cookie, origin: "http://localhost:3000" })).status).toBe(201);
  });
});

describe("campaign CSV downloads", () => {
  it("errors and report are the lab's only, and name each row's line", async () => {
    const response = await send(csvOf([COLUMNS, goodRow(1), ["p-x", "X", "=1+2", "x@example.test", "R"]]), "name=Dl&fileName=dl.csv");
    const { campaignId } = (await response.json()) as { campaignId: string };
    await setup.admin.campaigns.configure({ labId: setup.labId, campaignId, triggerKey: setup.trigger, channels: ["SMS"], mapping: MAPPING });
    const get = (handler: typeof errorsCsv, bearer = key) =>
      handler(new Request(`http://localhost/api/labs/${setup.labId}/campaigns/${campaignId}/x`, { headers: { authorization: `Bearer ${bearer}` } }), { params: Promise.resolve({ labId: setup.labId, campaignId }) });
    const errors = (await (await get(errorsCsv)).text()).trimEnd().split("\r\n");
    expect(errors[0]).toBe("line,column,value,problem");
    expect(errors[1]).toMatch(/^3,mobile,'=1\+2,/);
    const report = (await (await get(reportCsv)).text()).trimEnd().split("\r\n");
    expect(report[0]).toBe("line,channel,to,status,reason,explanation,messageId,sentAt,deliveredAt");
    expect(report.slice(1).map((l) => l.split(",").slice(0, 4).join(","))).toEqual(["2,,,READY", "3,,,REJECTED"]);
    expect((await get(reportCsv, otherKey)).status).toBe(404);
  });
});
