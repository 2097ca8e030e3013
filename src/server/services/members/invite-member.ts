import { createHash, randomBytes } from "node:crypto";
import type { LabRole } from "@/generated/prisma/client";
import type { Db } from "@/server/db";
import type { TPrincipal } from "@/server/access/principal";
import { AppError } from "@/server/errors";
import { INVITATION_TTL_MS } from "@/server/domain/members";
import { recordAudit } from "@/server/services/audit/record-audit";

export type TInviteMemberOptions = {
  db: Db;
  principal: TPrincipal;
  lab: { id: string; organizationId: string };
  email: string;
  role: LabRole;
  now?: Date;
};

export type TInviteMemberResult =
  | { kind: "added"; membershipId: string }
  | { kind: "invited"; invitationId: string; token: string; expiresAt: Date };

export function hashInvitationToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

/**
 * Gives an existing staff user a role in the lab at once; for a new email,
 * creates an invitation whose token (returned once) lets them set a password.
 */
export async function inviteMember({ db, principal, lab, email, role, now = new Date() }: TInviteMemberOptions): Promise<TInviteMemberResult> {
  const normalized = email.trim().toLowerCase();
  return db.$transaction(async (tx) => {
    const audit = (action: string, targetType: string, targetId: string) =>
      recordAudit(tx, { principal, labId: lab.id, organizationId: lab.organizationId, action, targetType, targetId, diff: { email: normalized, role } });

    const user = await tx.user.findUnique({ where: { email: normalized }, select: { id: true } });
    if (user) {
      const existing = await tx.membership.findUnique({ where: { userId_labId: { userId: user.id, labId: lab.id } } });
      if (existing) throw AppError.forFields("CONFLICT", [{ field: "email", message: `${normalized} is already a member of this lab`, params: { reason: "already_member", email: normalized } }]);
      const membership = await tx.membership.create({ data: { userId: user.id, labId: lab.id, role } });
      await audit("member.add", "membership", membership.id);
      return { kind: "added", membershipId: membership.id };
    }

    // A new invitation replaces any pending one for the same email, so one link is live at a time.
    await tx.invitation.updateMany({
      where: { labId: lab.id, email: normalized, acceptedAt: null, revokedAt: null },
      data: { revokedAt: now },
    });
    const token = randomBytes(24).toString("base64url");
    const expiresAt = new Date(now.getTime() + INVITATION_TTL_MS);
    const invitation = await tx.invitation.create({
      data: {
        labId: lab.id,
        email: normalized,
        role,
        tokenHash: hashInvitationToken(token),
        invitedById: principal.kind === "user" ? principal.userId : null,
        expiresAt,
      },
    });
    await audit("member.invite", "invitation", invitation.id);
    return { kind: "invited", invitationId: invitation.id, token, expiresAt };
  });
}
