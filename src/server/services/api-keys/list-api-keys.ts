import type { Db } from "@/server/db";
import { apiKeySelect } from "@/server/services/api-keys/api-key-select";

/** Keys that reach a lab: its own and its organization's. */
export async function listApiKeys(db: Db, lab: { id: string; organizationId: string }) {
  return db.apiKey.findMany({
    where: { OR: [{ labId: lab.id }, { organizationId: lab.organizationId }] },
    orderBy: [{ revokedAt: { sort: "desc", nulls: "first" } }, { createdAt: "desc" }],
    select: apiKeySelect,
  });
}
