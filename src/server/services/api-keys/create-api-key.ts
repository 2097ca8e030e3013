import type { Db } from "@/server/db";
import type { TPrincipal } from "@/server/access/principal";
import { AppError } from "@/server/errors";
import { recordAudit } from "@/server/services/audit/record-audit";
import { generateApiKey } from "@/server/services/api-keys/api-key-secret";
import { apiKeySelect } from "@/server/services/api-keys/api-key-select";

export type TCreateApiKeyOptions = {
  db: Db;
  principal: TPrincipal | null;
  name: string;
  /** The lab the key is for, or, with scope "organization", whose organization it covers. */
  labId: string;
  scope: "lab" | "organization";
};

/** Creates a key; the plain key is in the result and nowhere else, ever. */
export async function createApiKey({ db, principal, name, labId, scope }: TCreateApiKeyOptions) {
  if (scope === "organization" && principal !== null && !(principal.kind === "user" && principal.isPlatformAdmin)) {
    throw AppError.forFields("FORBIDDEN", [{ field: "scope", message: "only a platform admin may create organization-wide keys", params: { reason: "organization_keys" } }]);
  }
  const { key, prefix, hash } = generateApiKey();
  return db.$transaction(async (tx) => {
    const lab = await tx.lab.findUnique({ where: { id: labId }, select: { id: true, organizationId: true } });
    if (!lab) throw new AppError("NOT_FOUND", "lab not found", "labId");
    const apiKey = await tx.apiKey.create({
      data: {
        name,
        prefix,
        hash,
        labId: scope === "lab" ? lab.id : null,
        organizationId: scope === "organization" ? lab.organizationId : null,
        createdById: principal?.kind === "user" ? principal.userId : null,
      },
      select: apiKeySelect,
    });
    await recordAudit(tx, {
      principal,
      labId: lab.id,
      organizationId: lab.organizationId,
      action: "apiKey.create",
      targetType: "apiKey",
      targetId: apiKey.id,
      diff: { name, prefix, scope },
    });
    return { apiKey, key };
  });
}
