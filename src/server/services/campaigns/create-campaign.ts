import type { TPrincipal } from "@/server/access/principal";
import type { SqlRunner } from "@/server/db/sql-runner";
import { newId } from "@/server/db/new-id";
import { recordAuditSql } from "@/server/services/audit/record-audit-sql";

export type TCreateCampaignOptions = {
  principal: TPrincipal;
  lab: { id: string; organizationId: string };
  name: string;
  columns: string[];
  fileName?: string;
  /** The same key in the lab returns the campaign it first made: a retried upload or create makes no second one. */
  idempotencyKey?: string;
};

/**
 * A draft campaign with its header row, audited (`campaign.create`) in the caller's transaction.
 * `created` is false when the idempotency key named an existing campaign, which is returned as it is.
 */
export async function createCampaign(tx: SqlRunner, { principal, lab, name, columns, fileName, idempotencyKey }: TCreateCampaignOptions): Promise<{ id: string; created: boolean }> {
  const id = newId();
  const createdById = principal.kind === "user" ? principal.userId : principal.apiKeyId;
  const [inserted] = await tx.$queryRaw<{ id: string }[]>`
    INSERT INTO "Campaign" (id, "labId", name, columns, "fileName", "idempotencyKey", "createdById", "createdAt", "updatedAt")
    VALUES (${id}, ${lab.id}, ${name}, ${columns}::text[], ${fileName ?? null}, ${idempotencyKey ?? null}, ${createdById},
            now() AT TIME ZONE 'UTC', now() AT TIME ZONE 'UTC')
    ON CONFLICT ("labId", "idempotencyKey") DO NOTHING
    RETURNING id`;
  if (!inserted) {
    const [existing] = await tx.$queryRaw<{ id: string }[]>`SELECT id FROM "Campaign" WHERE "labId" = ${lab.id} AND "idempotencyKey" = ${idempotencyKey ?? null}`;
    return { id: existing!.id, created: false };
  }
  await recordAuditSql(tx, { principal, labId: lab.id, organizationId: lab.organizationId, action: "campaign.create", targetType: "campaign", targetId: id, diff: { name, columns: columns.length, ...(fileName && { fileName }) } });
  return { id, created: true };
}
