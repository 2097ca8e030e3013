import type { TPrincipal } from "@/server/access/principal";
import { sqlOf, sqlTransactionOf, type Db } from "@/server/db";
import { env } from "@/server/env";
import { recordAuditSql } from "@/server/services/audit/record-audit-sql";

/** The lab's campaign pace: its own rate, or null for the platform's (`defaultRatePerSecond`). */
export type TCampaignPace = { ratePerSecond: number | null; defaultRatePerSecond: number };

/** The pace every campaign of the lab shares: the lab's own rate or, without one, CAMPAIGN_RATE_PER_SECOND. */
export async function getCampaignPace(db: Db, { labId }: { labId: string }): Promise<TCampaignPace> {
  const [row] = await sqlOf(db).$queryRaw<{ ratePerSecond: number | null }[]>`SELECT "ratePerSecond" FROM "CampaignPace" WHERE "labId" = ${labId}`;
  return { ratePerSecond: row?.ratePerSecond ?? null, defaultRatePerSecond: env().CAMPAIGN_RATE_PER_SECOND };
}

/**
 * Sets the messages a second that all the lab's campaigns share (null: back to the platform's rate).
 * The next step of a running campaign reserves at the new rate; the slots it holds already stand.
 * Audited (`campaign.pace`) with the rate before and after; setting the same rate again changes nothing.
 */
export async function setCampaignPace({ db, principal, lab, ratePerSecond }: { db: Db; principal: TPrincipal; lab: { id: string; organizationId: string }; ratePerSecond: number | null }): Promise<TCampaignPace> {
  await sqlTransactionOf(
    db,
    async (tx) => {
      await tx.$executeRaw`INSERT INTO "CampaignPace" ("labId") VALUES (${lab.id}) ON CONFLICT DO NOTHING`;
      const [current] = await tx.$queryRaw<{ ratePerSecond: number | null }[]>`SELECT "ratePerSecond" FROM "CampaignPace" WHERE "labId" = ${lab.id} FOR UPDATE`;
      const from = current?.ratePerSecond ?? null;
      if (from === ratePerSecond) return;
      await tx.$executeRaw`UPDATE "CampaignPace" SET "ratePerSecond" = ${ratePerSecond}::float8 WHERE "labId" = ${lab.id}`;
      await recordAuditSql(tx, { principal, labId: lab.id, organizationId: lab.organizationId, action: "campaign.pace", targetType: "lab", targetId: lab.id, diff: { ratePerSecond: { from, to: ratePerSecond } } });
    },
    { statementTimeoutMs: 10_000 },
  );
  return getCampaignPace(db, { labId: lab.id });
}
