import { beforeAll, describe, expect, it } from "vitest";
import { callerFor, makeApiKey, makeOrgWithLabs, makeUser, uniq } from "../helpers/fixtures";
import { expectTRPCError } from "../helpers/expect-trpc-error";

let labId: string;
let organizationId: string;
let admin: Awaited<ReturnType<typeof makeUser>>;
let api: ReturnType<typeof callerFor>;

beforeAll(async () => {
  const { organization, labs } = await makeOrgWithLabs(1);
  labId = labs[0]!.id;
  organizationId = organization.id;
  admin = await makeUser({ labId, role: "LAB_ADMIN" });
  api = callerFor(admin.principal);
});

describe("audit.list", () => {
  it("shows who changed what with the field diff, filtered by actor, action, target and date", async () => {
    const since = new Date();
    await api.labs.updateSettings({ labId, retentionDays: 45 });
    const contact = await callerFor((await makeApiKey(labId)).principal).contacts.upsert({ labId, externalId: `p-${uniq()}` });
    await api.contacts.updateConsent({ labId, contactId: contact.id, channel: "SMS", status: "WITHDRAWN", source: "staff" });

    const mine = await api.audit.list({ labId, actorId: admin.user.id, since });
    expect(mine.items.map((e) => e.action)).toEqual(["contact.consent.withdraw", "lab.settings.update"]);
    const settings = mine.items.find((e) => e.targetType === "lab")!;
    expect(settings.diff).toMatchObject({ retentionDays: { from: 90, to: 45 } });
    expect(settings.actor).toMatchObject({ type: "user", id: admin.user.id, name: admin.user.name, email: admin.user.email });

    const consent = await api.audit.list({ labId, action: "contact.consent", targetType: "contact", targetId: contact.id });
    expect(consent.items).toHaveLength(1);
    expect(consent.items[0]).toMatchObject({ action: "contact.consent.withdraw", diff: { channel: "SMS", status: { from: null, to: "WITHDRAWN" }, source: "staff" } });

    expect((await api.audit.list({ labId, until: since })).items.every((e) => e.createdAt < since)).toBe(true);
    expect((await api.audit.list({ labId, actorId: "system" })).items.every((e) => e.actor.type === "system")).toBe(true);
  });

  it("pages newest first without repeating an entry", async () => {
    for (let i = 0; i < 4; i++) await api.labs.updateSettings({ labId, retentionDays: 10 + i });
    const all = await api.audit.list({ labId, limit: 100 });
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await api.audit.list({ labId, limit: 3, cursor });
      seen.push(...page.items.map((e) => e.id));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(seen).toEqual(all.items.map((e) => e.id));
    const times = all.items.map((e) => e.createdAt.getTime());
    expect(times).toEqual([...times].sort((a, b) => b - a));
  });

  it("is for lab admins and platform admins only", async () => {
    const platform = await makeUser({ isPlatformAdmin: true });
    expect((await callerFor(platform.principal).audit.list({ labId })).items.length).toBeGreaterThan(0);
    await expectTRPCError(callerFor((await makeUser({ labId, role: "LAB_STAFF" })).principal).audit.list({ labId }), "FORBIDDEN");
  });
});

describe("organizations", () => {
  it("a platform admin creates an organization, a lab in it with its settings, and sees both listed", async () => {
    const platform = callerFor((await makeUser({ isPlatformAdmin: true })).principal);
    const u = uniq();
    const organization = await platform.organizations.create({ name: `Gulf Diagnostics ${u}`, slug: `gulf-${u}` });
    const lab = await platform.labs.create({ organizationId: organization.id, name: "Jeddah", slug: `jeddah-${u}`, settings: { country: "SA", timezone: "Asia/Riyadh", defaultLanguage: "ar" } });
    expect(lab).toMatchObject({ organizationId: organization.id, defaultLanguage: "ar" });

    const listed = [];
    let cursor: string | undefined;
    do {
      const page = await platform.organizations.list({ limit: 50, cursor });
      listed.push(...page.items);
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(listed.find((o) => o.id === organization.id)).toMatchObject({ slug: `gulf-${u}`, labs: [{ id: lab.id, name: "Jeddah", country: "SA" }] });
    await expectTRPCError(platform.organizations.create({ name: "Again", slug: `gulf-${u}` }), "CONFLICT", /slug/);
  });

  it("is refused to lab admins and API keys", async () => {
    await expectTRPCError(api.organizations.list(), "FORBIDDEN");
    await expectTRPCError(api.organizations.create({ name: "Mine", slug: `mine-${uniq()}` }), "FORBIDDEN");
    await expectTRPCError(callerFor((await makeApiKey(labId)).principal).organizations.list(), "FORBIDDEN");
    await expectTRPCError(api.labs.create({ organizationId, name: "Mine", slug: `mine-${uniq()}` }), "FORBIDDEN");
  });
});
