import type { Db } from "@/server/db";
import type { TPrincipal } from "@/server/access/principal";
import { updateBusinessAccount } from "@/server/services/business-accounts/update-business-account";

export type TDeactivateBusinessAccountOptions = {
  db: Db;
  principal: TPrincipal | null;
  lab: { id: string; organizationId: string };
  accountId: string;
};

/**
 * Takes an account out of the failover chain; messages already sent through it keep pointing at it.
 * Deactivating twice is a no-op.
 */
export async function deactivateBusinessAccount({ db, principal, lab, accountId }: TDeactivateBusinessAccountOptions) {
  return updateBusinessAccount({ db, principal, lab, accountId, changes: { active: false } });
}
