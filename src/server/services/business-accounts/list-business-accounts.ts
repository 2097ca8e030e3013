import type { Prisma } from "@/generated/prisma/client";
import type { Channel } from "@/generated/prisma/enums";
import type { Db } from "@/server/db";
import { businessAccountRowSelect, toBusinessAccountView } from "@/server/services/business-accounts/business-account-view";

export type TListBusinessAccountsOptions = {
  db: Db;
  /** The lab whose chain to show; null for the platform defaults alone. */
  labId: string | null;
  channel?: Channel;
};

/** What a lab may read: its own accounts and the platform defaults it falls back to. Null: the platform defaults. */
export function accountsVisibleTo(labId: string | null): Prisma.BusinessAccountWhereInput {
  return labId ? { OR: [{ labId }, { labId: null }] } : { labId: null };
}

/**
 * The lab's accounts, then the platform defaults it falls back to, each in the order delivery tries
 * them; `scope` tells them apart. Configs are masked.
 */
export async function listBusinessAccounts({ db, labId, channel }: TListBusinessAccountsOptions) {
  const accounts = await db.businessAccount.findMany({
    where: { ...accountsVisibleTo(labId), ...(channel && { channel }) },
    orderBy: [{ channel: "asc" }, { priority: "asc" }, { createdAt: "asc" }, { id: "asc" }],
    select: businessAccountRowSelect,
  });
  const views = await Promise.all(accounts.map(toBusinessAccountView));
  return [...views.filter((a) => a.scope === "lab"), ...views.filter((a) => a.scope === "platform")];
}
