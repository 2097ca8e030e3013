import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/server/db";
import { callerFor, makeOrgWithLabs, makeUser } from "../helpers/fixtures";
import { expectTRPCError } from "../helpers/expect-trpc-error";

const SECRET = "sbx_live_do-not-leak-4f1c9e";

let labId: string;
let otherLabId: string;
let admin: ReturnType<typeof callerFor>;
let staff: ReturnType<typeof callerFor>;

beforeAll(async () => {
  const { labs } = await makeOrgWithLabs(2);
  labId = labs[0]!.id;
  otherLabId = labs[1]!.id;
  admin = callerFor((await makeUser({ labId, role: "LAB_ADMIN" })).principal);
  staff = callerFor((await makeUser({ labId, role: "LAB_STAFF" })).principal);
});

describe("business accounts", () => {
  it("stores the config encrypted and never returns it", async () => {
    const account = await admin.businessAccounts.create({ labId, channel: "SMS", provider: "sandbox", name: "Primary SMS", config: { apiKey: SECRET, from: "LAB" } });

    expect(account).toMatchObject({ labId, channel: "SMS", provider: "sandbox", name: "Primary SMS", priority: 0, maxAttempts: 3, active: true });
    expect(Object.keys(account)).not.toContain("configEnc");
    const row = await db().businessAccount.findUniqueOrThrow({ where: { id: account.id } });
    expect(row.configEnc).toMatch(/^v2\./);
    expect(JSON.stringify(row)).not.toContain(SECRET);
    expect(JSON.stringify(row)).not.toContain("LAB");

    const listed = await staff.businessAccounts.list({ labId });
    expect(listed.find((a) => a.id === account.id)).toMatchObject({ scope: "lab", name: "Primary SMS" });
    expect(JSON.stringify(listed)).not.toContain(SECRET);
    expect(JSON.stringify(listed)).not.toContain("configEnc");
    const audit = await db().auditLog.findMany({ where: { targetId: account.id } });
    expect(JSON.stringify(audit)).not.toContain(SECRET);
  });

  it("validates the config with the provider's own schema, naming the field", async () => {
    await expectTRPCError(
      admin.businessAccounts.create({ labId, channel: "SMS", provider: "sandbox", name: "Bad", config: { lateDeliveryMs: -1 } }),
      "BAD_REQUEST",
      /config.*lateDeliveryMs/s,
    );
    await expectTRPCError(admin.businessAccounts.create({ labId, channel: "SMS", provider: "carrier-pigeon" as "sandbox", name: "Bad", config: {} }), "BAD_REQUEST", /provider/);
  });

  it("updates, re-keys, reorders and deactivates, each audited without the config", async () => {
    const first = await admin.businessAccounts.create({ labId, channel: "EMAIL", provider: "sandbox", name: "Mail A", config: { apiKey: SECRET } });
    const second = await admin.businessAccounts.create({ labId, channel: "EMAIL", provider: "sandbox", name: "Mail B", config: {}, priority: 5 });
    const before = await db().businessAccount.findUniqueOrThrow({ where: { id: first.id } });

    const updated = await admin.businessAccounts.update({ labId, id: first.id, name: "Mail A (main)", config: { apiKey: `${SECRET}-2` }, maxAttempts: 5 });
    await admin.businessAccounts.setPriority({ labId, id: first.id, priority: 10 });
    const deactivated = await admin.businessAccounts.deactivate({ labId, id: second.id });

    expect(updated).toMatchObject({ name: "Mail A (main)", maxAttempts: 5 });
    expect((await db().businessAccount.findUniqueOrThrow({ where: { id: first.id } })).configEnc).not.toBe(before.configEnc);
    expect(deactivated).toMatchObject({ active: false });
    const emails = (await admin.businessAccounts.list({ labId, channel: "EMAIL" })).filter((a) => a.scope === "lab");
    expect(emails.map((a) => [a.name, a.priority, a.active])).toEqual([
      ["Mail B", 5, false],
      ["Mail A (main)", 10, true],
    ]);
    const audit = await db().auditLog.findMany({ where: { targetId: first.id, action: "businessAccount.update" }, orderBy: { createdAt: "asc" } });
    expect(audit.map((a) => a.diff)).toEqual([
      { name: { from: "Mail A", to: "Mail A (main)" }, maxAttempts: { from: 3, to: 5 }, config: { changed: ["apiKey"] } },
      { priority: { from: 0, to: 10 } },
    ]);
  });

  it("is for the lab's admins: staff may only list, and other labs' accounts cannot be touched", async () => {
    const account = await admin.businessAccounts.create({ labId, channel: "WHATSAPP", provider: "sandbox", name: "WA", config: {} });
    await expectTRPCError(staff.businessAccounts.create({ labId, channel: "SMS", provider: "sandbox", name: "x", config: {} }), "FORBIDDEN");
    await expectTRPCError(staff.businessAccounts.deactivate({ labId, id: account.id }), "FORBIDDEN");

    const otherAdmin = callerFor((await makeUser({ labId: otherLabId, role: "LAB_ADMIN" })).principal);
    await expectTRPCError(otherAdmin.businessAccounts.update({ labId: otherLabId, id: account.id, name: "mine now" }), "NOT_FOUND", /id/);
    await expectTRPCError(otherAdmin.businessAccounts.list({ labId }), "NOT_FOUND");
    expect((await otherAdmin.businessAccounts.list({ labId: otherLabId })).some((a) => a.id === account.id)).toBe(false);
  });
});
