import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/server/db";
import { callerFor, makeLabWithAdmin, makeOrgWithLabs, makeUser } from "../helpers/fixtures";
import { expectTRPCError } from "../helpers/expect-trpc-error";

let labId: string;
let admin: Awaited<ReturnType<typeof makeUser>>;

beforeAll(async () => {
  ({ labId, admin } = await makeLabWithAdmin());
});

describe("labs", () => {
  it("starts with the documented defaults", async () => {
    const lab = await callerFor(admin.principal).labs.get({ labId });
    expect(lab).toMatchObject({
      hardStop: false,
      defaultLanguage: "en",
      country: "SA",
      timezone: "Asia/Riyadh",
      quietHoursStart: null,
      quietHoursEnd: null,
      retentionDays: 90,
      role: "LAB_ADMIN",
    });
  });

  it("updates settings and audits exactly what changed", async () => {
    const caller = callerFor(admin.principal);
    const updated = await caller.labs.updateSettings({ labId, hardStop: true, defaultLanguage: "ar", quietHoursStart: "21:30", quietHoursEnd: "07:00", country: "SA" });
    expect(updated).toMatchObject({ hardStop: true, defaultLanguage: "ar", quietHoursStart: "21:30", quietHoursEnd: "07:00" });
    expect(await caller.labs.get({ labId })).toMatchObject({ hardStop: true, defaultLanguage: "ar" });

    const entry = await db().auditLog.findFirstOrThrow({ where: { labId, action: "lab.settings.update" }, orderBy: { createdAt: "desc" } });
    expect(entry).toMatchObject({ actorType: "user", actorId: admin.user.id, targetType: "lab", targetId: labId });
    // country did not change, so it is not in the diff.
    expect(entry.diff).toEqual({
      hardStop: { from: false, to: true },
      defaultLanguage: { from: "en", to: "ar" },
      quietHoursStart: { from: null, to: "21:30" },
      quietHoursEnd: { from: null, to: "07:00" },
    });
  });

  it("an update that changes nothing writes no audit entry", async () => {
    const caller = callerFor(admin.principal);
    const current = await caller.labs.get({ labId });
    const before = await db().auditLog.count({ where: { labId } });
    await caller.labs.updateSettings({ labId, retentionDays: current.retentionDays });
    expect(await db().auditLog.count({ where: { labId } })).toBe(before);
  });

  it("refuses half-set or empty quiet hours, naming the field, and keeps the old values", async () => {
    const caller = callerFor(admin.principal);
    await caller.labs.updateSettings({ labId, quietHoursStart: "22:00", quietHoursEnd: "06:00" });
    await expectTRPCError(caller.labs.updateSettings({ labId, quietHoursEnd: null }), "BAD_REQUEST", /quietHoursEnd: set both/);
    await expectTRPCError(caller.labs.updateSettings({ labId, quietHoursStart: "06:00" }), "BAD_REQUEST", /quietHoursEnd: must differ/);
    expect(await caller.labs.get({ labId })).toMatchObject({ quietHoursStart: "22:00", quietHoursEnd: "06:00" });
    await caller.labs.updateSettings({ labId, quietHoursStart: null, quietHoursEnd: null });
    expect(await caller.labs.get({ labId })).toMatchObject({ quietHoursStart: null, quietHoursEnd: null });
  });

  it("creating labs is for platform admins; slugs are unique", async () => {
    const { organization } = await makeOrgWithLabs(0);
    await expectTRPCError(callerFor(admin.principal).labs.create({ organizationId: organization.id, name: "X", slug: "x-lab" }), "FORBIDDEN");
    const platform = await makeUser({ isPlatformAdmin: true });
    const slug = `lab-${organization.slug}`;
    const lab = await callerFor(platform.principal).labs.create({ organizationId: organization.id, name: "Khobar", slug, settings: { country: "SA", defaultLanguage: "ar" } });
    expect(lab).toMatchObject({ name: "Khobar", slug, defaultLanguage: "ar" });
    await expectTRPCError(
      callerFor(platform.principal).labs.create({ organizationId: organization.id, name: "Again", slug }),
      "CONFLICT",
      new RegExp(`slug: a lab with slug "${slug}" already exists`),
    );
    await expectTRPCError(callerFor(platform.principal).labs.create({ organizationId: "nope", name: "Y", slug: `y-${organization.slug}` }), "NOT_FOUND", /organizationId/);
  });
});
