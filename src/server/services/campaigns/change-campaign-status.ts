import type { CampaignStatus } from "@/generated/prisma/enums";
import type { TPrincipal } from "@/server/access/principal";
import { sqlTransactionOf, type Db } from "@/server/db";
import type { SqlRunner } from "@/server/db/sql-runner";
import { AppError } from "@/server/errors";
import type { TJobHandOff } from "@/server/jobs/trigger-job";
import { recordAuditSql } from "@/server/services/audit/record-audit-sql";

export type TChangeCampaignStatusOptions = {
  db: Db;
  principal: TPrincipal;
  lab: { id: string; organizationId: string };
  campaignId: string;
  /** The audit action, e.g. "campaign.pause". */
  action: string;
  /** Where the change may start from; the target itself counts as done already (a repeated click). */
  from: readonly CampaignStatus[];
  to: CampaignStatus;
  /** Columns to set with the status, and work in the same transaction (scheduling the next step). */
  set?: { sendAt?: Date | null; startedAt?: Date; cancelledAt?: Date };
  alsoInTransaction?: (tx: SqlRunner) => Promise<TJobHandOff | void>;
  diff?: Record<string, unknown>;
};

/**
 * Moves a campaign from one of `from` to `to` in one conditional statement, audited in the same
 * transaction: two admins pressing pause and resume at once get one outcome each, never a mix.
 * A campaign already in `to` is left as it is (the call is idempotent); any other state is refused
 * naming it.
 */
export async function changeCampaignStatus(options: TChangeCampaignStatusOptions): Promise<{ changed: boolean }> {
  const { db, principal, lab, campaignId, action, from, to, set = {} } = options;
  const { changed, handOff } = await sqlTransactionOf(
    db,
    async (tx) => {
      const [current] = await tx.$queryRaw<{ status: CampaignStatus }[]>`SELECT status FROM "Campaign" WHERE id = ${campaignId} AND "labId" = ${lab.id} FOR UPDATE`;
      if (!current) throw new AppError("NOT_FOUND", "no campaign with this id in the lab", "campaignId");
      if (current.status === to) return { changed: false, handOff: undefined };
      if (!from.includes(current.status)) {
        throw new AppError("PRECONDITION_FAILED", `a ${current.status.toLowerCase()} campaign cannot be ${PAST[to]}; expected one that is ${from.map((s) => s.toLowerCase()).join(" or ")}`, "campaignId");
      }
      await tx.$executeRaw`
        UPDATE "Campaign" SET status = ${to}::"CampaignStatus",
          "sendAt" = CASE WHEN ${"sendAt" in set} THEN ${set.sendAt ?? null}::timestamp ELSE "sendAt" END,
          "startedAt" = COALESCE("startedAt", ${set.startedAt ?? null}::timestamp),
          "cancelledAt" = COALESCE(${set.cancelledAt ?? null}::timestamp, "cancelledAt"),
          "updatedAt" = now() AT TIME ZONE 'UTC'
        WHERE id = ${campaignId}`;
      const handOff = (await options.alsoInTransaction?.(tx)) ?? undefined;
      await recordAuditSql(tx, { principal, labId: lab.id, organizationId: lab.organizationId, action, targetType: "campaign", targetId: campaignId, diff: { status: { from: current.status, to }, ...options.diff } as never });
      return { changed: true, handOff };
    },
    { statementTimeoutMs: 30_000 },
  );
  await handOff?.afterCommit();
  return { changed };
}

const PAST: Record<CampaignStatus, string> = {
  DRAFT: "made a draft",
  SCHEDULED: "scheduled",
  RUNNING: "started",
  PAUSED: "paused",
  COMPLETED: "completed",
  CANCELLED: "cancelled",
};
