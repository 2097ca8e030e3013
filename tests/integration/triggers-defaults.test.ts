import { parseArgs } from "node:util";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/server/db";
import { commands } from "@/server/cli/commands";
import { loadCatalogueFile } from "@/server/services/triggers/load-catalogue-file";
import { syncCatalogue } from "@/server/services/triggers/sync-catalogue";
import { callerFor, makeOrgWithLabs, makeUser, uniq } from "../helpers/fixtures";
import { useOwnDatabase } from "./jobs-helpers";

// Counts every account, trigger or figure in the database: other files' rows would change them.
useOwnDatabase("herald_triggers");

let platform: ReturnType<typeof callerFor>;
let organizationId: string;
let organizationSlug: string;

beforeAll(async () => {
  await syncCatalogue(db(), await loadCatalogueFile());
  const { organization } = await makeOrgWithLabs(0);
  organizationId = organization.id;
  organizationSlug = organization.slug;
  platform = callerFor((await makeUser({ isPlatformAdmin: true })).principal);
});

const TRANSACTIONAL = ["APPOINTMENT_CANCELLED", "APPOINTMENT_CONFIRMED", "COLLECTION_SCHEDULED", "REGISTRATION", "REPORT_READY", "SAMPLE_COLLECTED"];

const enabledPairs = async (labId: string) =>
  (await db().labTrigger.findMany({ where: { labId, enabled: true }, orderBy: [{ triggerKey: "asc" }, { channel: "asc" }] })).map((r) => `${r.triggerKey}/${r.channel}`);

async function cli(name: string, args: string[]) {
  const command = commands[name]!;
  const { values } = parseArgs({ args, options: command.options, strict: true, allowPositionals: false });
  return command.run(db(), values as Record<string, string | boolean | undefined>);
}

describe("a new lab's triggers", () => {
  // One file, one database: the platform's accounts are set up in this order.
  it("with no provider account anywhere, a new lab enables nothing and the CLI says what to do", async () => {
    const slug = `bare-${uniq()}`;
    const output = (await cli("create-lab", ["--org", organizationSlug, "--name", "Bare lab", "--slug", slug])) as { id: string; triggersEnabled: string[]; next: string };
    expect(output.triggersEnabled).toEqual([]);
    expect(output.next).toContain(`enable-triggers --lab ${slug} --recommended`);
    expect(await enabledPairs(output.id)).toEqual([]);
    const recommended = await platform.triggers.recommended({ labId: output.id });
    expect(recommended).toEqual({ accountChannels: [], pairs: [], pending: [] });
  });

  it("labs.create turns on the transactional triggers on the channels the platform's accounts serve, audited", async () => {
    await platform.businessAccounts.platformCreate({ channel: "SMS", provider: "sandbox", name: "Platform SMS", config: {} });
    await platform.businessAccounts.platformCreate({ channel: "EMAIL", provider: "sandbox", name: "Platform email (off)", config: {}, active: false });
    const lab = await platform.labs.create({ organizationId, name: "Khobar", slug: `khobar-${uniq()}` });
    expect(lab.accountChannels).toEqual(["SMS"]);
    expect(await enabledPairs(lab.id)).toEqual(TRANSACTIONAL.map((key) => `${key}/SMS`));
    expect(await db().auditLog.count({ where: { labId: lab.id, action: "trigger.enable" } })).toBe(TRANSACTIONAL.length);
  });

  it("once the lab has an account of its own, enableRecommended adds that channel and keeps the admin's choices", async () => {
    const lab = await platform.labs.create({ organizationId, name: "Dammam", slug: `dammam-${uniq()}` });
    const admin = callerFor((await makeUser({ labId: lab.id, role: "LAB_ADMIN" })).principal);
    await admin.triggers.enable({ labId: lab.id, triggerKey: "REGISTRATION", channel: "SMS", enabled: false });
    // Turned on and off again: an admin's choice, which defaults leave alone.
    await admin.triggers.enable({ labId: lab.id, triggerKey: "REGISTRATION", channel: "WHATSAPP", enabled: true });
    await admin.triggers.enable({ labId: lab.id, triggerKey: "REGISTRATION", channel: "WHATSAPP", enabled: false });
    await admin.businessAccounts.create({ labId: lab.id, channel: "WHATSAPP", provider: "sandbox", name: "WhatsApp", config: {} });

    const before = await admin.triggers.recommended({ labId: lab.id });
    expect(before.pending.map((p) => `${p.triggerKey}/${p.channel}`)).toEqual(TRANSACTIONAL.filter((key) => key !== "REGISTRATION").map((key) => `${key}/WHATSAPP`));
    const { accountChannels, enabled } = await admin.triggers.enableRecommended({ labId: lab.id });
    expect(accountChannels).toEqual(["SMS", "WHATSAPP"]);
    expect(enabled.map((p) => `${p.triggerKey}/${p.channel}`)).toEqual(TRANSACTIONAL.filter((key) => key !== "REGISTRATION").map((key) => `${key}/WHATSAPP`));
    const registration = (await admin.triggers.list({ labId: lab.id })).find((t) => t.key === "REGISTRATION")!;
    expect(registration.channels.filter((c) => c.enabled)).toEqual([]);
    expect((await admin.triggers.enableRecommended({ labId: lab.id })).enabled).toEqual([]);
    expect((await admin.triggers.recommended({ labId: lab.id })).pending).toEqual([]);
  });
});

describe("many triggers at once", () => {
  it("a column on and a row off, each change audited, repeats writing nothing", async () => {
    const { labs } = await makeOrgWithLabs(1);
    const labId = labs[0]!.id;
    const admin = callerFor((await makeUser({ labId, role: "LAB_ADMIN" })).principal);

    const column = await admin.triggers.setMany({ labId, channels: ["EMAIL"], enabled: true });
    // SAMPLE_COLLECTED is not sent by email: skipped, not refused.
    expect(column.changed).toHaveLength(8);
    expect(column.changed.every((p) => p.channel === "EMAIL")).toBe(true);
    expect((await admin.triggers.setMany({ labId, channels: ["EMAIL"], enabled: true })).changed).toEqual([]);

    const row = await admin.triggers.setMany({ labId, triggerKeys: ["OTP"], enabled: false });
    expect(row).toMatchObject({ enabled: false, changed: [{ triggerKey: "OTP", channel: "EMAIL" }], unchanged: 2 });
    expect(await db().auditLog.count({ where: { labId, action: { in: ["trigger.enable", "trigger.disable"] } } })).toBe(9);
  });

  it("enable-triggers on the CLI turns triggers on and off and prints the lab's matrix", async () => {
    const { labs } = await makeOrgWithLabs(1);
    const slug = labs[0]!.slug;
    const on = String(await cli("enable-triggers", ["--lab", slug, "--trigger", "OTP,BILL_RECEIPT", "--channel", "SMS", "--channel", "EMAIL"]));
    expect(on).toMatch(/^Enabled: BILL_RECEIPT on SMS, BILL_RECEIPT on EMAIL, OTP on SMS, OTP on EMAIL\./);
    expect(on).toMatch(/^OTP\s+on\s+off\s+on$/m);
    expect(on).toMatch(/^SAMPLE_COLLECTED\s+off\s+off\s+-$/m);

    const off = String(await cli("enable-triggers", ["--lab", slug, "--trigger", "OTP", "--disable"]));
    expect(off).toMatch(/^Disabled: OTP on SMS, OTP on EMAIL\./);
    expect(off).toMatch(/^OTP\s+off\s+off\s+off$/m);
    expect(String(await cli("enable-triggers", ["--lab", slug, "--trigger", "OTP", "--disable"]))).toMatch(/^Nothing disabled/);

    await expect(cli("enable-triggers", ["--lab", slug, "--trigger", "NOPE", "--channel", "SMS"])).rejects.toThrow(/^--trigger: no trigger NOPE/);
    await expect(cli("enable-triggers", ["--lab", slug])).rejects.toThrow(/--trigger: name at least one --trigger or --channel/);
    await expect(cli("enable-triggers", ["--lab", slug, "--recommended", "--disable"])).rejects.toThrow(/--recommended: cannot be combined/);
    await expect(cli("enable-triggers", ["--lab", slug, "--channel", "FAX"])).rejects.toThrow(/--channel\.0: expected one of SMS, WHATSAPP, EMAIL/);
  });
});
