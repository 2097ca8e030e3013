import type { Db } from "@/server/db";
import { AppError } from "@/server/errors";
import { businessAccountRowSelect, toBusinessAccountView } from "@/server/services/business-accounts/business-account-view";
import { accountsVisibleTo } from "@/server/services/business-accounts/list-business-accounts";

export type TGetBusinessAccountOptions = {
  db: Db;
  /** The lab asking (it sees its own accounts and the platform defaults); null for the platform defaults alone. */
  labId: string | null;
  accountId: string;
};

/** One account as the list shows it; NOT_FOUND for another lab's. */
export async function getBusinessAccount({ db, labId, accountId }: TGetBusinessAccountOptions) {
  const row = await db.businessAccount.findFirst({ where: { AND: [{ id: accountId }, accountsVisibleTo(labId)] }, select: businessAccountRowSelect });
  if (!row) throw new AppError("NOT_FOUND", "business account not found", "id");
  return toBusinessAccountView(row);
}
