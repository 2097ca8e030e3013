import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/server/db";
import { streamCampaignErrorsCsv } from "@/server/services/campaigns/stream-campaign-csv";
import { expectTRPCError } from "../helpers/expect-trpc-error";
import { callerFor, makeApiKey, uniq } from "../helpers/fixtures";
import { COLUMNS, goodRow, makeCampaign, makeCampaignLab, MAPPING, phone } from "./campaigns-helpers";
import { email } from "./delivery-helpers";

let setup: Awaited<ReturnType<typeof makeCampaignLab>>;

beforeAll(async () => {
  setup = await makeCampaignLab();
});

async function collect(lines: AsyncGenerator<string>): Promise<string> {
  let text = "";
  for await (const line of lines) text += line;
  return text;
}

describe("campaign validation", () => {
  it("checks every row before anything is sent: problems by row and column, and what would be sent or skipped and why", async () => {
    const withdrawn = goodRow(6);
    const contact = await setup.admin.contacts.upsert({ labId: setup.labId, externalId: withdrawn[0]!, phone: withdrawn[2]! });
    await setup.admin.contacts.updateConsent({ labId: setup.labId, contactId: contact.id, channel: "SMS", status: "WITHDRAWN", source: "sms-stop" });
    const suppressed = goodRow(7);
    await setup.admin.suppressions.add({ labId: setup.labId, channel: "SMS", address: suppressed[2]! });
    await setup.admin.suppressions.add({ labId: setup.labId, channel: "EMAIL", address: suppressed[3]! });
    const first = goodRow(1);
    const rows = [
      first,
      [`p-${uniq()}`, "Patient 2", "12ab", email(), "R-2"],
      [`p-${uniq()}`, "Patient 3", phone(), email(), ""],
      [first[0]!, "Patient 4", phone(), email(), "R-4"],
      [`p-${uniq()}`, "Patient 5", phone(), "not-an-email", "R-5"],
      withdrawn,
      suppressed,
      [`p-${uniq()}`, "Patient 8", phone(), "", "R-8"],
    ];
    const messagesBefore = await db().message.count({ where: { labId: setup.labId } });
    const { campaignId, summary } = await makeCampaign(setup, rows);

    expect(summary).toEqual({
      rows: 8,
      ready: 3,
      skipped: 1,
      rejected: 4,
      wouldSend: 4,
      skipReasons: { consent_withdrawn: 1, suppressed: 2, no_address: 1 },
      warnings: [],
    });
    const errors = await setup.admin.campaigns.errors({ labId: setup.labId, campaignId });
    expect(errors.map(({ line, errors }) => ({ line, columns: errors.map((e) => e.column) }))).toEqual([
      { line: 3, columns: ["mobile"] },
      { line: 4, columns: ["report"] },
      { line: 5, columns: ["id"] },
      { line: 6, columns: ["email"] },
    ]);
    expect(errors[0]!.errors[0]!.message).toMatch(/expected a valid phone number/);
    expect(errors[1]!.errors[0]!.message).toBe("expected a value for {{ reportId }}");
    expect(errors[2]!.errors[0]!.message).toBe("the same recipient as row 1");
    expect(errors[3]!.errors[0]!.message).toMatch(/expected an email address/);
    // Validation sends nothing and writes no message.
    expect(await db().message.count({ where: { labId: setup.labId } })).toBe(messagesBefore);

    const csv = await collect(streamCampaignErrorsCsv({ db: db(), campaignId, columns: COLUMNS }));
    expect(csv.split("\r\n")).toEqual([
      "line,column,value,problem",
      expect.stringMatching(/^3,mobile,12ab,"?expected a valid phone number/),
      "4,report,,expected a value for {{ reportId }}",
      `5,id,${first[0]},the same recipient as row 1`,
      expect.stringMatching(/^6,email,not-an-email,"?expected an email address/),
      "",
    ]);
  });

  it("shows the first 50 rejected rows on the page, and all of them in the CSV", async () => {
    const rows = Array.from({ length: 120 }, (_, i) => (i % 2 === 0 ? goodRow(i) : [`p-${uniq()}`, `P ${i}`, "0000", email(), `R-${i}`]));
    const { campaignId, summary } = await makeCampaign(setup, rows);
    expect(summary).toMatchObject({ rows: 120, rejected: 60, ready: 60 });
    const page = await setup.staff.campaigns.errors({ labId: setup.labId, campaignId });
    expect(page).toHaveLength(50);
    expect(page.map((r) => r.line)).toEqual(Array.from({ length: 50 }, (_, i) => 3 + 2 * i));
    const csv = await collect(streamCampaignErrorsCsv({ db: db(), campaignId, columns: COLUMNS }));
    expect(csv.trim().split("\r\n")).toHaveLength(61);
  });

  it("previews the first rows' messages as they would be rendered", async () => {
    const rows = [goodRow(1), [`p-${uniq()}`, "Noura", phone(), "", "R-77"], goodRow(3)];
    const { campaignId } = await makeCampaign(setup, rows, { channels: ["SMS", "EMAIL"] });
    const preview = await setup.staff.campaigns.preview({ labId: setup.labId, campaignId, limit: 2 });
    expect(preview).toHaveLength(2);
    expect(preview[0]!.channels.map((c) => [c.channel, c.status])).toEqual([["SMS", "send"], ["EMAIL", "send"]]);
    expect(preview[0]!.channels[0]!.body).toBe("Hello Patient 1, report R-1 is ready.");
    expect(preview[0]!.channels[1]!.subject).toBe("Report R-1");
    expect(preview[1]).toMatchObject({ rowNumber: 2, name: "Noura" });
    expect(preview[1]!.channels[0]).toMatchObject({ channel: "SMS", status: "send", body: "Hello Noura, report R-77 is ready.", segments: 1 });
    expect(preview[1]!.channels[1]).toMatchObject({ channel: "EMAIL", status: "skip", reason: "no_address" });
  });

  it("refuses settings that do not fit the file or the trigger, naming every field, and saves nothing", async () => {
    const { campaignId } = await makeCampaign(setup, [goodRow(1)]);
    const before = await db().campaign.findUniqueOrThrow({ where: { id: campaignId } });
    await expectTRPCError(
      setup.admin.campaigns.configure({
        labId: setup.labId,
        campaignId,
        triggerKey: setup.trigger,
        channels: ["SMS", "WHATSAPP"],
        mapping: { ...MAPPING, phone: "Mobile number", variables: { patientName: "name", labName: "report" } },
      }),
      "BAD_REQUEST",
      /mapping\.phone: no column "Mobile number" in the file.*channels\.1: T_\w+ is not sent on WHATSAPP.*mapping\.variables\.labName: not a variable of/,
    );
    await expectTRPCError(
      setup.admin.campaigns.configure({ labId: setup.labId, campaignId, triggerKey: setup.trigger, channels: ["SMS"], mapping: { name: "name", variables: {} } }),
      "BAD_REQUEST",
      /mapping: expected a column for phone, whatsapp, email or externalId/,
    );
    expect(await db().campaign.findUniqueOrThrow({ where: { id: campaignId } })).toEqual(before);
  });

  it("a row whose template variable no column fills is rejected, saying which", async () => {
    const { summary, campaignId } = await makeCampaign(setup, [goodRow(1)], { mapping: { ...MAPPING, variables: { patientName: "name" } } });
    expect(summary).toMatchObject({ rejected: 1, ready: 0 });
    const [row] = await setup.admin.campaigns.errors({ labId: setup.labId, campaignId });
    expect(row!.errors).toEqual([
      { column: null, message: "the SMS template needs {{ reportId }}: map a column to it" },
      { column: null, message: "the EMAIL template needs {{ reportId }}: map a column to it" },
    ]);
  });

  it("staff read campaigns but cannot create, configure or start one", async () => {
    const { campaignId } = await makeCampaign(setup, [goodRow(1)]);
    await expect(setup.staff.campaigns.get({ labId: setup.labId, campaignId })).resolves.toMatchObject({ id: campaignId, status: "DRAFT" });
    await expectTRPCError(setup.staff.campaigns.create({ labId: setup.labId, name: "x", columns: COLUMNS }), "FORBIDDEN");
    await expectTRPCError(setup.staff.campaigns.start({ labId: setup.labId, campaignId }), "FORBIDDEN");
    await expectTRPCError(setup.staff.campaigns.setPace({ labId: setup.labId, ratePerSecond: 100 }), "FORBIDDEN");
  });

  it("the lab's API key creates, fills, configures and starts a campaign, audited as the key", async () => {
    const key = await makeApiKey(setup.labId);
    const client = callerFor(key.principal);
    const campaign = await client.campaigns.create({ labId: setup.labId, name: `From the lab system ${uniq()}`, columns: COLUMNS, idempotencyKey: `lis-${uniq()}` });
    await client.campaigns.appendRows({ labId: setup.labId, campaignId: campaign.id, startRow: 1, rows: [goodRow(1), goodRow(2)] });
    const summary = await client.campaigns.configure({ labId: setup.labId, campaignId: campaign.id, triggerKey: setup.trigger, channels: ["SMS"], mapping: MAPPING });
    expect(summary).toMatchObject({ rows: 2, ready: 2, wouldSend: 2 });
    const started = await client.campaigns.start({ labId: setup.labId, campaignId: campaign.id, sendAt: new Date(Date.now() + 3_600_000) });
    expect(started.status).toBe("SCHEDULED");
    await client.campaigns.cancel({ labId: setup.labId, campaignId: campaign.id });
    const entries = await db().auditLog.findMany({ where: { targetId: campaign.id }, orderBy: { createdAt: "asc" } });
    expect(entries.map((e) => [e.action, e.actorType, e.actorId])).toEqual(
      ["campaign.create", "campaign.configure", "campaign.start", "campaign.cancel"].map((action) => [action, "apiKey", key.apiKey.id]),
    );
    // The lab's pace is the admins' setting, not the key's.
    await expectTRPCError(client.campaigns.setPace({ labId: setup.labId, ratePerSecond: 100 }), "FORBIDDEN");
  });

  it("audits creation and configuration with the actor", async () => {
    const { campaignId } = await makeCampaign(setup, [goodRow(1)]);
    const entries = await db().auditLog.findMany({ where: { targetId: campaignId }, orderBy: { createdAt: "asc" } });
    expect(entries.map((e) => [e.action, e.actorType, e.actorId])).toEqual([
      ["campaign.create", "user", setup.adminPrincipal.kind === "user" ? setup.adminPrincipal.userId : null],
      ["campaign.configure", "user", setup.adminPrincipal.kind === "user" ? setup.adminPrincipal.userId : null],
    ]);
  });
});
