import type { Channel } from "@/generated/prisma/enums";
import type { Db } from "@/server/db";
import { businessAccountSelect } from "@/server/services/business-accounts/business-account-select";

export type TListBusinessAccountsOptions = {
  db: Db;
  labId: string;
  channel?: Channel;
};

/**
 * The lab's accounts, then the platform defaults it falls back to, each in the order delivery tries
 * them; `scope` tells them apart. Configs are never selected.
 */
export async function listBusinessAccounts({ db, labId, channel }: TListBusinessAccountsOptions) {
  const accounts = await db.businessAccount.findMany({
    where: { OR: [{ labId }, { labId: null }], ...(channel && { channel }) },
    orderBy: [{ channel: "asc" }, { priority: "asc" }, { createdAt: "asc" }, { id: "asc" }],
    select: businessAccountSelect,
  });
  const withScope = accounts.map((account) => ({ ...account, scope: account.labId ? ("lab" as const) : ("platform" as const) }));
  return [...withScope.filter((a) => a.scope === "lab"), ...withScope.filter((a) => a.scope === "platform")];
}
