import type { Db } from "@/server/db";
import type { TPrincipal } from "@/server/access/principal";
import { AppError } from "@/server/errors";
import { recordAudit } from "@/server/services/audit/record-audit";
import { apiKeySelect } from "@/server/services/api-keys/api-key-select";
import { forgetApiKey } from "@/server/services/api-keys/api-key-cache";

export type TRevokeApiKeyOptions = {
  db: Db;
  principal: TPrincipal | null;
  lab: { id: string; organizationId: string };
  apiKeyId: string;
};

/** Revokes a key of this lab; organization-wide keys need a platform admin. Repeats are no-ops. */
export async function revokeApiKey({ db, principal, lab, apiKeyId }: TRevokeApiKeyOptions) {
  const revoked = await db.$transaction(async (tx) => {
    const key = await tx.apiKey.findFirst({
      where: { id: apiKeyId, OR: [{ labId: lab.id }, { organizationId: lab.organizationId }] },
      select: apiKeySelect,
    });
    if (!key) throw new AppError("NOT_FOUND", "API key not found in this lab", "id");
    if (key.organizationId && principal !== null && !(principal.kind === "user" && principal.isPlatformAdmin)) {
      throw new AppError("FORBIDDEN", "only a platform admin may revoke organization-wide keys", "id");
    }
    if (key.revokedAt) return key;
    const revoked = await tx.apiKey.update({ where: { id: key.id }, data: { revokedAt: new Date() }, select: apiKeySelect });
    await recordAudit(tx, {
      principal,
      labId: lab.id,
      organizationId: lab.organizationId,
      action: "apiKey.revoke",
      targetType: "apiKey",
      targetId: key.id,
      diff: { revokedAt: { from: null, to: revoked.revokedAt } },
    });
    return revoked;
  });
  // After the commit, so no read from before it stays cached.
  forgetApiKey(db, revoked.id);
  return revoked;
}
