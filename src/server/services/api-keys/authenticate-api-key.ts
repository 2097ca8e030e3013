import { sqlOf, type Db } from "@/server/db";
import type { Lab } from "@/generated/prisma/client";
import type { TPrincipal } from "@/server/access/principal";
import { hashApiKey, looksLikeApiKey } from "@/server/services/api-keys/api-key-secret";

// Writing lastUsedAt on every call would turn each read into a write; a minute is precise enough.
const LAST_USED_RESOLUTION_MS = 60_000;

/** A key's principal and, for a key of one lab, that lab, read in the same statement. */
export type TAuthenticatedApiKey = { principal: Extract<TPrincipal, { kind: "apiKey" }>; lab: Lab | null };

type TKeyRow = { id: string; labId: string | null; organizationId: string | null; revokedAt: Date | null; lastUsedAt: Date | null } & {
  [K in keyof Lab as `lab_${K}`]: Lab[K] | null;
};

/** The principal for a presented key, or null for an unknown or revoked one. */
export async function authenticateApiKey(db: Db, presented: string, now = new Date()): Promise<TPrincipal | null> {
  return (await authenticateApiKeyWithLab(db, presented, now))?.principal ?? null;
}

/**
 * The key and its lab in one round trip, on the pool without Prisma: every API call makes it, and a
 * lab procedure called with the key's own lab needs no second read of the lab (labProcedure). The lab
 * is read with the key, so it is as fresh as a read of its own.
 */
export async function authenticateApiKeyWithLab(db: Db, presented: string, now = new Date()): Promise<TAuthenticatedApiKey | null> {
  if (!looksLikeApiKey(presented)) return null;
  const [key] = await sqlOf(db).$queryRaw<TKeyRow[]>`
    SELECT k.id, k."labId", k."organizationId", k."revokedAt", k."lastUsedAt",
           l.id AS "lab_id", l."organizationId" AS "lab_organizationId", l.name AS "lab_name", l.slug AS "lab_slug", l."hardStop" AS "lab_hardStop",
           l."defaultLanguage" AS "lab_defaultLanguage", l.country AS "lab_country", l.timezone AS "lab_timezone",
           l."quietHoursStart" AS "lab_quietHoursStart", l."quietHoursEnd" AS "lab_quietHoursEnd", l."retentionDays" AS "lab_retentionDays",
           l."createdAt" AS "lab_createdAt", l."updatedAt" AS "lab_updatedAt"
    FROM "ApiKey" k LEFT JOIN "Lab" l ON l.id = k."labId"
    WHERE k.hash = ${hashApiKey(presented)}`;
  if (!key || key.revokedAt) return null;
  if (!key.lastUsedAt || now.getTime() - key.lastUsedAt.getTime() > LAST_USED_RESOLUTION_MS) {
    await db.apiKey.update({ where: { id: key.id }, data: { lastUsedAt: now } });
  }
  const lab: Lab | null =
    key.lab_id === null
      ? null
      : {
          id: key.lab_id,
          organizationId: key.lab_organizationId!,
          name: key.lab_name!,
          slug: key.lab_slug!,
          hardStop: key.lab_hardStop!,
          defaultLanguage: key.lab_defaultLanguage!,
          country: key.lab_country!,
          timezone: key.lab_timezone!,
          quietHoursStart: key.lab_quietHoursStart,
          quietHoursEnd: key.lab_quietHoursEnd,
          retentionDays: key.lab_retentionDays!,
          createdAt: key.lab_createdAt!,
          updatedAt: key.lab_updatedAt!,
        };
  return { principal: { kind: "apiKey", apiKeyId: key.id, labId: key.labId, organizationId: key.organizationId }, lab };
}
