import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/server/db";
import { verifyPassword } from "@/server/auth/password";
import { callerFor, makeLabWithAdmin, makeOrgWithLabs, makeUser, uniq } from "../helpers/fixtures";
import { expectTRPCError } from "../helpers/expect-trpc-error";

let labId: string;
let admin: Awaited<ReturnType<typeof makeUser>>;

beforeAll(async () => {
  ({ labId, admin } = await makeLabWithAdmin());
});

describe("members", () => {
  it("invites a new email; the invitee sets a password once and becomes a member", async () => {
    const caller = callerFor(admin.principal);
    const email = `New.Person-${uniq()}@Example.test`;
    const invite = await caller.members.invite({ labId, email, role: "LAB_STAFF" });
    if (invite.kind !== "invited") throw new Error(`expected an invitation, got ${invite.kind}`);
    expect(invite.url).toMatch(new RegExp(`/invite/${invite.token}$`));
    expect((await caller.members.list({ labId })).invitations.map((i) => i.email)).toContain(email.toLowerCase());

    const anonymous = callerFor(null);
    expect(await anonymous.invitations.get({ token: invite.token })).toMatchObject({ email: email.toLowerCase(), role: "LAB_STAFF" });
    const accepted = await anonymous.invitations.accept({ token: invite.token, name: "New Person", password: "a-strong-password" });

    const account = await db().account.findFirstOrThrow({ where: { userId: accepted.userId, providerId: "credential" } });
    expect(account.password).not.toContain("a-strong-password");
    expect(await verifyPassword({ hash: account.password!, password: "a-strong-password" })).toBe(true);
    const { members, invitations } = await caller.members.list({ labId });
    expect(members.find((m) => m.user.id === accepted.userId)?.role).toBe("LAB_STAFF");
    expect(invitations.map((i) => i.email)).not.toContain(email.toLowerCase());

    await expectTRPCError(anonymous.invitations.accept({ token: invite.token, name: "Again", password: "another-password" }), "NOT_FOUND", /token/);
  });

  it("adds an existing user at once, and refuses a duplicate", async () => {
    const other = await makeUser();
    const caller = callerFor(admin.principal);
    const result = await caller.members.invite({ labId, email: other.user.email, role: "LAB_ADMIN" });
    expect(result.kind).toBe("added");
    await expectTRPCError(caller.members.invite({ labId, email: other.user.email, role: "LAB_STAFF" }), "CONFLICT", /email/);
  });

  it("changes roles but never demotes or removes the last admin", async () => {
    const { labs } = await makeOrgWithLabs(1);
    const lab = labs[0]!;
    const onlyAdmin = await makeUser({ labId: lab.id, role: "LAB_ADMIN" });
    const staff = await makeUser({ labId: lab.id, role: "LAB_STAFF" });
    const caller = callerFor(onlyAdmin.principal);
    const { members } = await caller.members.list({ labId: lab.id });
    const adminMembership = members.find((m) => m.user.id === onlyAdmin.user.id)!;
    const staffMembership = members.find((m) => m.user.id === staff.user.id)!;

    await expectTRPCError(caller.members.changeRole({ labId: lab.id, membershipId: adminMembership.id, role: "LAB_STAFF" }), "PRECONDITION_FAILED", /last admin/);
    await expectTRPCError(caller.members.remove({ labId: lab.id, membershipId: adminMembership.id }), "PRECONDITION_FAILED");

    const promoted = await caller.members.changeRole({ labId: lab.id, membershipId: staffMembership.id, role: "LAB_ADMIN" });
    expect(promoted.role).toBe("LAB_ADMIN");
    await caller.members.changeRole({ labId: lab.id, membershipId: adminMembership.id, role: "LAB_STAFF" });
    // The demoted former admin is now read-only.
    await expectTRPCError(caller.labs.updateSettings({ labId: lab.id, hardStop: true }), "FORBIDDEN");

    const audit = await db().auditLog.findMany({ where: { labId: lab.id, action: "member.role.change" }, orderBy: { createdAt: "asc" } });
    expect(audit.map((a) => a.diff)).toEqual([
      { role: { from: "LAB_STAFF", to: "LAB_ADMIN" } },
      { role: { from: "LAB_ADMIN", to: "LAB_STAFF" } },
    ]);
  });

  it("revokes a pending invitation so its link stops working", async () => {
    const caller = callerFor(admin.principal);
    const invite = await caller.members.invite({ labId, email: `revoked-${uniq()}@example.test`, role: "LAB_STAFF" });
    if (invite.kind !== "invited") throw new Error("expected an invitation");
    await caller.members.revokeInvitation({ labId, invitationId: invite.invitationId });
    await expectTRPCError(callerFor(null).invitations.get({ token: invite.token }), "NOT_FOUND");
  });
});
