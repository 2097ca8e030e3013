import { randomUUID } from "node:crypto";
import type { LabRole } from "@/generated/prisma/client";
import { db } from "@/server/db";
import type { TPrincipal } from "@/server/access/principal";
import { createCaller } from "@/server/api/root";
import { createContextInner } from "@/server/api/trpc";
import { createOrganization } from "@/server/services/organizations/create-organization";
import { createLab } from "@/server/services/labs/create-lab";
import { createUserWithPassword } from "@/server/services/users/create-user";
import { createApiKey } from "@/server/services/api-keys/create-api-key";

/** A unique suffix so test files sharing one database never collide. */
export const uniq = () => randomUUID().slice(0, 8);

export async function makeOrgWithLabs(labCount = 1) {
  const u = uniq();
  const organization = await createOrganization({ db: db(), principal: null, name: `Org ${u}`, slug: `org-${u}` });
  const labs = [];
  for (let i = 0; i < labCount; i++) {
    labs.push(await createLab({ db: db(), principal: null, organizationId: organization.id, name: `Lab ${u}-${i}`, slug: `lab-${u}-${i}` }));
  }
  return { organization, labs };
}

export async function makeUser(options: { labId?: string; role?: LabRole; isPlatformAdmin?: boolean; password?: string } = {}) {
  const u = uniq();
  const password = options.password ?? "correct-horse-battery";
  const user = await createUserWithPassword(db(), { email: `user-${u}@example.test`, name: `User ${u}`, password, isPlatformAdmin: options.isPlatformAdmin });
  if (options.labId) await db().membership.create({ data: { userId: user.id, labId: options.labId, role: options.role ?? "LAB_ADMIN" } });
  const principal: TPrincipal = { kind: "user", userId: user.id, email: user.email, name: user.name, isPlatformAdmin: user.isPlatformAdmin };
  return { user, principal, password };
}

/** A lab of its own with one admin: the usual start of a router test. */
export async function makeLabWithAdmin() {
  const { labs } = await makeOrgWithLabs(1);
  const labId = labs[0]!.id;
  return { labId, admin: await makeUser({ labId, role: "LAB_ADMIN" }) };
}

export function callerFor(principal: TPrincipal | null, authError?: string) {
  return createCaller(createContextInner({ db: db(), principal, authError }));
}

export async function makeApiKey(labId: string, scope: "lab" | "organization" = "lab") {
  const { apiKey, key } = await createApiKey({ db: db(), principal: null, labId, name: `key-${uniq()}`, scope });
  const principal: TPrincipal = { kind: "apiKey", apiKeyId: apiKey.id, labId: apiKey.labId, organizationId: apiKey.organizationId };
  return { apiKey, key, principal };
}

/**
 * Everything a procedure could change about some labs, to prove a refused call
 * changed nothing. Scoped to those labs because test files share one database.
 */
export async function labSnapshot(labIds: string[]) {
  const d = db();
  const where = { labId: { in: labIds } };
  const [labs, apiKeys, memberships, invitations, auditLogs, labTriggers, templates, contacts, businessAccounts, messages, otpChallenges, otpSettings, partners, campaigns] = await Promise.all([
    d.lab.findMany({ where: { id: { in: labIds } }, orderBy: { id: "asc" } }),
    d.apiKey.findMany({ where, orderBy: { id: "asc" }, omit: { lastUsedAt: true } }),
    d.membership.findMany({ where, orderBy: { id: "asc" } }),
    d.invitation.findMany({ where, orderBy: { id: "asc" } }),
    d.auditLog.count({ where }),
    d.labTrigger.findMany({ where, orderBy: [{ triggerKey: "asc" }, { channel: "asc" }] }),
    d.template.findMany({ where, orderBy: { id: "asc" }, include: { versions: { orderBy: { version: "asc" } } } }),
    d.contact.findMany({ where, orderBy: { id: "asc" }, include: { consents: true, preferences: true } }),
    d.businessAccount.findMany({ where, orderBy: { id: "asc" } }),
    d.message.findMany({ where, orderBy: { id: "asc" }, include: { events: { orderBy: { id: "asc" } } } }),
    d.otpChallenge.findMany({ where, orderBy: { id: "asc" }, include: { events: { orderBy: { id: "asc" } } } }),
    d.otpSettings.findMany({ where, orderBy: { labId: "asc" } }),
    d.partner.findMany({ where, orderBy: { id: "asc" }, include: { contacts: { orderBy: { id: "asc" } }, rules: { orderBy: { triggerKey: "asc" } }, digests: { orderBy: { id: "asc" } } } }),
    d.campaign.findMany({ where, orderBy: { id: "asc" }, include: { rows: { orderBy: { rowNumber: "asc" } } } }),
  ]);
  return { labs, apiKeys, memberships, invitations, auditLogs, labTriggers, templates, contacts, businessAccounts, messages, otpChallenges, otpSettings, partners, campaigns };
}
