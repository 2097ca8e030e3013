import type { Db } from "@/server/db";
import { AppError } from "@/server/errors";
import { recordAudit } from "@/server/services/audit/record-audit";
import { createUserWithPassword } from "@/server/services/users/create-user";
import { hashInvitationToken } from "@/server/services/members/invite-member";

async function findLiveInvitation(db: Pick<Db, "invitation">, token: string, now: Date) {
  const invitation = await db.invitation.findUnique({
    where: { tokenHash: hashInvitationToken(token) },
    include: { lab: { select: { id: true, name: true, organizationId: true } } },
  });
  if (!invitation || invitation.acceptedAt || invitation.revokedAt || invitation.expiresAt <= now) {
    throw AppError.forFields("NOT_FOUND", [{ field: "token", message: "this invitation link is invalid, used or expired", params: { reason: "invitation_invalid" } }]);
  }
  return invitation;
}

/** What the invitation page shows before the invitee sets a password. */
export async function describeInvitation(db: Db, token: string, now = new Date()) {
  const invitation = await findLiveInvitation(db, token, now);
  return { email: invitation.email, role: invitation.role, labName: invitation.lab.name, expiresAt: invitation.expiresAt };
}

/** Creates the invitee's account and membership; the token works once. */
export async function acceptInvitation(options: { db: Db; token: string; name: string; password: string; now?: Date }) {
  const { db, token, name, password, now = new Date() } = options;
  return db.$transaction(async (tx) => {
    const invitation = await findLiveInvitation(tx, token, now);
    // Claiming the row first makes concurrent accepts of one token fail instead of both succeeding.
    const claimed = await tx.invitation.updateMany({ where: { id: invitation.id, acceptedAt: null }, data: { acceptedAt: now } });
    if (claimed.count !== 1) throw AppError.forFields("NOT_FOUND", [{ field: "token", message: "this invitation link is invalid, used or expired", params: { reason: "invitation_invalid" } }]);
    const user = await createUserWithPassword(tx, { email: invitation.email, name, password });
    const membership = await tx.membership.create({ data: { userId: user.id, labId: invitation.labId, role: invitation.role } });
    await recordAudit(tx, {
      principal: { kind: "user", userId: user.id, email: user.email, name: user.name, isPlatformAdmin: false },
      labId: invitation.labId,
      organizationId: invitation.lab.organizationId,
      action: "member.invitation.accept",
      targetType: "membership",
      targetId: membership.id,
      diff: { email: user.email, role: invitation.role },
    });
    return { userId: user.id, email: user.email, labId: invitation.labId };
  });
}
