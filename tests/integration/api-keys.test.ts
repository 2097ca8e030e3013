import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/server/db";
import { hashApiKey } from "@/server/services/api-keys/api-key-secret";
import { callerFor, makeLabWithAdmin, makeUser } from "../helpers/fixtures";
import { expectTRPCError } from "../helpers/expect-trpc-error";

let labId: string;
let admin: Awaited<ReturnType<typeof makeUser>>;

beforeAll(async () => {
  ({ labId, admin } = await makeLabWithAdmin());
});

describe("API keys", () => {
  it("shows the key once at creation and stores only its hash", async () => {
    const caller = callerFor(admin.principal);
    const { key, apiKey } = await caller.apiKeys.create({ labId, name: "LIMS integration" });
    expect(key).toMatch(/^hk_[A-Za-z0-9_-]{43}$/);
    expect(apiKey).toMatchObject({ name: "LIMS integration", labId, organizationId: null, createdById: admin.user.id, revokedAt: null });
    expect(key.startsWith(apiKey.prefix)).toBe(true);

    const stored = await db().apiKey.findUniqueOrThrow({ where: { id: apiKey.id } });
    expect(stored.hash).toBe(hashApiKey(key));
    expect(JSON.stringify(stored)).not.toContain(key);

    const listed = await caller.apiKeys.list({ labId });
    const mine = listed.find((k) => k.id === apiKey.id)!;
    expect(mine).toBeDefined();
    expect(Object.keys(mine)).not.toContain("hash");
    expect(JSON.stringify(listed)).not.toContain(key);

    const audit = await db().auditLog.findFirstOrThrow({ where: { targetId: apiKey.id, action: "apiKey.create" } });
    expect(JSON.stringify(audit.diff)).not.toContain(key);
  });

  it("revoking is idempotent and audited once", async () => {
    const caller = callerFor(admin.principal);
    const { apiKey } = await caller.apiKeys.create({ labId, name: "to revoke" });
    const first = await caller.apiKeys.revoke({ labId, id: apiKey.id });
    const second = await caller.apiKeys.revoke({ labId, id: apiKey.id });
    expect(first.revokedAt).toBeInstanceOf(Date);
    expect(second.revokedAt).toEqual(first.revokedAt);
    expect(await db().auditLog.count({ where: { targetId: apiKey.id, action: "apiKey.revoke" } })).toBe(1);
  });

  it("organization-wide keys are for platform admins only", async () => {
    await expectTRPCError(callerFor(admin.principal).apiKeys.create({ labId, name: "org", scope: "organization" }), "FORBIDDEN", /scope/);
    const platform = await makeUser({ isPlatformAdmin: true });
    const { apiKey } = await callerFor(platform.principal).apiKeys.create({ labId, name: "org", scope: "organization" });
    expect(apiKey.labId).toBeNull();
    expect(apiKey.organizationId).not.toBeNull();
    // A lab admin sees the organization key but may not revoke it.
    expect((await callerFor(admin.principal).apiKeys.list({ labId })).map((k) => k.id)).toContain(apiKey.id);
    await expectTRPCError(callerFor(admin.principal).apiKeys.revoke({ labId, id: apiKey.id }), "FORBIDDEN");
  });
});
