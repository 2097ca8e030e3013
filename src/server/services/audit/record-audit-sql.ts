import { actorOf } from "@/server/access/principal";
import type { SqlRunner } from "@/server/db/sql-runner";
import { newId } from "@/server/db/new-id";
import type { TRecordAuditOptions } from "@/server/services/audit/record-audit";

/** recordAudit for a raw-SQL transaction (sqlTransactionOf): the entry commits with the change. */
export async function recordAuditSql(tx: SqlRunner, options: TRecordAuditOptions): Promise<void> {
  const { actorType, actorId } = actorOf(options.principal);
  const diff = options.diff === undefined ? null : JSON.stringify(options.diff);
  await tx.$executeRaw`
    INSERT INTO "AuditLog" (id, "actorType", "actorId", "labId", "organizationId", action, "targetType", "targetId", diff, "createdAt")
    VALUES (${newId()}, ${actorType}, ${actorId}, ${options.labId ?? null}, ${options.organizationId ?? null}, ${options.action},
            ${options.targetType}, ${options.targetId ?? null}, ${diff}::jsonb, now() AT TIME ZONE 'UTC')`;
}
