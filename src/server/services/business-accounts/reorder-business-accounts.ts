import type { Channel } from "@/generated/prisma/enums";
import type { Db } from "@/server/db";
import type { TPrincipal } from "@/server/access/principal";
import { AppError } from "@/server/errors";
import { recordAudit } from "@/server/services/audit/record-audit";
import { businessAccountRowSelect, toBusinessAccountView } from "@/server/services/business-accounts/business-account-view";

export type TReorderBusinessAccountsOptions = {
  db: Db;
  principal: TPrincipal | null;
  /** The lab whose accounts these are; null for the platform defaults. */
  lab: { id: string; organizationId: string } | null;
  /** Every account of the lab on one channel, inactive ones included, first to be tried first. */
  ids: readonly string[];
};

// Gaps, so an account can later be put between two others with setPriority alone.
const PRIORITY_STEP = 10;

/** Rewrites one channel's priorities to 0, 10, 20... in the order given, in one transaction, audited. */
export async function reorderBusinessAccounts({ db, principal, lab, ids }: TReorderBusinessAccountsOptions) {
  const labId = lab?.id ?? null;
  const rows = await db.$transaction(async (tx) => {
    const named = await tx.businessAccount.findMany({ where: { id: { in: [...ids] }, labId }, select: { id: true, channel: true } });
    const channel = oneChannelOf(ids, named, labId ? "this lab's" : "platform default");
    const all = await tx.businessAccount.findMany({ where: { labId, channel }, select: { id: true, priority: true } });
    const missing = all.filter((a) => !ids.includes(a.id)).map((a) => a.id);
    if (missing.length > 0) throw new AppError("BAD_REQUEST", `expected every ${channel} account, in order; missing ${missing.join(", ")}`, "ids");

    const before = new Map(all.map((a) => [a.id, a.priority]));
    const moved: Record<string, { from: number; to: number }> = {};
    for (const [index, id] of ids.entries()) {
      const priority = index * PRIORITY_STEP;
      if (before.get(id) === priority) continue;
      moved[id] = { from: before.get(id)!, to: priority };
      await tx.businessAccount.update({ where: { id }, data: { priority } });
    }
    if (Object.keys(moved).length > 0) {
      await recordAudit(tx, {
        principal,
        labId,
        organizationId: lab?.organizationId ?? null,
        action: "businessAccount.reorder",
        targetType: "businessAccount",
        diff: { channel, order: [...ids], priority: moved },
      });
    }
    return tx.businessAccount.findMany({ where: { id: { in: [...ids] } }, select: businessAccountRowSelect, orderBy: { priority: "asc" } });
  });
  return Promise.all(rows.map(toBusinessAccountView));
}

/** The one channel the named accounts share; BAD_REQUEST naming `ids` for repeats, strangers or mixed channels. */
function oneChannelOf(ids: readonly string[], named: { id: string; channel: Channel }[], owner: string): Channel {
  const repeated = [...new Set(ids.filter((id, i) => ids.indexOf(id) !== i))];
  if (repeated.length > 0) throw new AppError("BAD_REQUEST", `expected each account once; repeated ${repeated.join(", ")}`, "ids");
  // Another lab's account and one that does not exist read the same, so nothing can be probed.
  const unknown = ids.filter((id) => !named.some((a) => a.id === id));
  if (unknown.length > 0) throw new AppError("BAD_REQUEST", `expected ${owner} accounts; not found: ${unknown.join(", ")}`, "ids");
  const channels = [...new Set(named.map((a) => a.channel))];
  if (channels.length > 1) throw new AppError("BAD_REQUEST", `expected the accounts of one channel, got ${channels.join(" and ")}`, "ids");
  return named[0]!.channel;
}
