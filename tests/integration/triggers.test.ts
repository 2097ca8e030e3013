import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/server/db";
import { loadCatalogueFile } from "@/server/services/triggers/load-catalogue-file";
import { syncCatalogue } from "@/server/services/triggers/sync-catalogue";
import { enableAllTriggers } from "@/server/services/triggers/enable-all-triggers";
import { callerFor, makeOrgWithLabs, makeUser } from "../helpers/fixtures";
import { expectTRPCError } from "../helpers/expect-trpc-error";

let labId: string;
let admin: ReturnType<typeof callerFor>;

beforeAll(async () => {
  await syncCatalogue(db(), await loadCatalogueFile());
  const { labs } = await makeOrgWithLabs(1);
  labId = labs[0]!.id;
  admin = callerFor((await makeUser({ labId, role: "LAB_ADMIN" })).principal);
});

const channelsOf = async (key: string) => (await admin.triggers.list({ labId })).find((t) => t.key === key)!.channels;

describe("triggers", () => {
  it("lists the catalogue, every channel off until the lab enables it", async () => {
    const list = await admin.triggers.list({ labId });
    expect(list.find((t) => t.key === "OTP")).toMatchObject({ category: "security", critical: true, variables: ["otpCode", "expiresInMinutes", "labName"] });
    expect(await channelsOf("SAMPLE_COLLECTED")).toEqual([
      { channel: "SMS", enabled: false },
      { channel: "WHATSAPP", enabled: false },
    ]);
  });

  it("enables per channel, audited, and enableAllTriggers leaves the lab's choices alone", async () => {
    await admin.triggers.enable({ labId, triggerKey: "REPORT_READY", channel: "EMAIL", enabled: true });
    await admin.triggers.enable({ labId, triggerKey: "REPORT_READY", channel: "SMS", enabled: false });
    expect(await channelsOf("REPORT_READY")).toEqual([
      { channel: "SMS", enabled: false },
      { channel: "WHATSAPP", enabled: false },
      { channel: "EMAIL", enabled: true },
    ]);
    // Disabling what is already off wrote nothing: one audit entry so far.
    expect(await db().auditLog.count({ where: { labId, action: { startsWith: "trigger." } } })).toBe(1);

    const added = await enableAllTriggers(db(), labId);
    expect(added).toBeGreaterThan(20);
    expect(await enableAllTriggers(db(), labId)).toBe(0);
    expect(await channelsOf("REPORT_READY")).toEqual([
      { channel: "SMS", enabled: true },
      { channel: "WHATSAPP", enabled: true },
      { channel: "EMAIL", enabled: true },
    ]);

    await admin.triggers.enable({ labId, triggerKey: "REPORT_READY", channel: "SMS", enabled: false });
    await enableAllTriggers(db(), labId);
    expect((await channelsOf("REPORT_READY"))[0]).toEqual({ channel: "SMS", enabled: false });
    const entry = await db().auditLog.findFirstOrThrow({ where: { labId, action: "trigger.disable" } });
    expect(entry.diff).toEqual({ channel: "SMS", enabled: { from: true, to: false } });
  });

  it("refuses a channel the trigger does not allow, and an unknown trigger", async () => {
    await expectTRPCError(admin.triggers.enable({ labId, triggerKey: "SAMPLE_COLLECTED", channel: "EMAIL", enabled: true }), "BAD_REQUEST", /^channel: SAMPLE_COLLECTED is not sent on EMAIL/);
    await expectTRPCError(admin.triggers.enable({ labId, triggerKey: "NO_SUCH_TRIGGER", channel: "SMS", enabled: true }), "NOT_FOUND", /^triggerKey: no trigger NO_SUCH_TRIGGER/);
  });
});
