import type { Prisma } from "@/generated/prisma/client";
import { actorOf, type TPrincipal } from "@/server/access/principal";

type TAuditClient = { auditLog: { create: (args: { data: Prisma.AuditLogUncheckedCreateInput }) => Promise<unknown> } };

export type TRecordAuditOptions = {
  principal: TPrincipal | null;
  labId?: string | null;
  organizationId?: string | null;
  action: string;
  targetType: string;
  targetId?: string | null;
  diff?: Prisma.InputJsonValue;
};

/** Writes one audit entry; pass the transaction client so it commits with the change. */
export async function recordAudit(client: TAuditClient, options: TRecordAuditOptions): Promise<void> {
  await client.auditLog.create({
    data: {
      ...actorOf(options.principal),
      labId: options.labId ?? null,
      organizationId: options.organizationId ?? null,
      action: options.action,
      targetType: options.targetType,
      targetId: options.targetId ?? null,
      diff: options.diff,
    },
  });
}

/** The fields that change from `before` to `after`, as {field: {from, to}}, JSON-safe. */
export function diffFields<T extends Record<string, unknown>>(before: T, after: Partial<T>): Prisma.InputJsonObject {
  const diff: Record<string, { from: unknown; to: unknown }> = {};
  for (const [key, to] of Object.entries(after)) {
    if (to === undefined) continue;
    const from = before[key];
    if (from !== to) diff[key] = { from: from ?? null, to: to ?? null };
  }
  return JSON.parse(JSON.stringify(diff)) as Prisma.InputJsonObject;
}
