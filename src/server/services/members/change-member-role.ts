import type { LabRole, Prisma } from "@/generated/prisma/client";
import type { Db } from "@/server/db";
import type { TPrincipal } from "@/server/access/principal";
import { AppError } from "@/server/errors";
import { recordAudit } from "@/server/services/audit/record-audit";

type TLabRef = { id: string; organizationId: string };

// A lab must keep at least one admin, or nobody could manage it.
async function assertNotLastAdmin(tx: Prisma.TransactionClient, labId: string, membershipId: string) {
  const otherAdmins = await tx.membership.count({ where: { labId, role: "LAB_ADMIN", id: { not: membershipId } } });
  if (otherAdmins === 0) throw AppError.forFields("PRECONDITION_FAILED", [{ field: "membershipId", message: "the lab's last admin cannot be demoted or removed", params: { reason: "last_admin" } }]);
}

export async function changeMemberRole(options: { db: Db; principal: TPrincipal; lab: TLabRef; membershipId: string; role: LabRole }) {
  const { db, principal, lab, membershipId, role } = options;
  return db.$transaction(async (tx) => {
    const membership = await tx.membership.findFirst({ where: { id: membershipId, labId: lab.id } });
    if (!membership) throw new AppError("NOT_FOUND", "member not found in this lab", "membershipId");
    if (membership.role === role) return membership;
    if (membership.role === "LAB_ADMIN") await assertNotLastAdmin(tx, lab.id, membership.id);
    const updated = await tx.membership.update({ where: { id: membership.id }, data: { role } });
    await recordAudit(tx, {
      principal,
      labId: lab.id,
      organizationId: lab.organizationId,
      action: "member.role.change",
      targetType: "membership",
      targetId: membership.id,
      diff: { role: { from: membership.role, to: role } },
    });
    return updated;
  });
}

export async function removeMember(options: { db: Db; principal: TPrincipal; lab: TLabRef; membershipId: string }) {
  const { db, principal, lab, membershipId } = options;
  return db.$transaction(async (tx) => {
    const membership = await tx.membership.findFirst({ where: { id: membershipId, labId: lab.id } });
    if (!membership) throw new AppError("NOT_FOUND", "member not found in this lab", "membershipId");
    if (membership.role === "LAB_ADMIN") await assertNotLastAdmin(tx, lab.id, membership.id);
    await tx.membership.delete({ where: { id: membership.id } });
    await recordAudit(tx, {
      principal,
      labId: lab.id,
      organizationId: lab.organizationId,
      action: "member.remove",
      targetType: "membership",
      targetId: membership.id,
      diff: { userId: membership.userId, role: membership.role },
    });
    return { id: membership.id };
  });
}

export async function revokeInvitation(options: { db: Db; principal: TPrincipal; lab: TLabRef; invitationId: string }) {
  const { db, principal, lab, invitationId } = options;
  return db.$transaction(async (tx) => {
    const invitation = await tx.invitation.findFirst({ where: { id: invitationId, labId: lab.id, acceptedAt: null } });
    if (!invitation) throw new AppError("NOT_FOUND", "pending invitation not found in this lab", "invitationId");
    if (invitation.revokedAt) return { id: invitation.id };
    await tx.invitation.update({ where: { id: invitation.id }, data: { revokedAt: new Date() } });
    await recordAudit(tx, {
      principal,
      labId: lab.id,
      organizationId: lab.organizationId,
      action: "member.invitation.revoke",
      targetType: "invitation",
      targetId: invitation.id,
      diff: { email: invitation.email },
    });
    return { id: invitation.id };
  });
}
