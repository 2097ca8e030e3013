import type { Db } from "@/server/db";
import { openJson, sealedKeyId, sealJson, type TKeyRing } from "@/server/crypto/secret-box";

// The associated data business-account configs are sealed with (see account-config.ts).
const CONTEXT = "BusinessAccount.configEnc";
// And their webhook path tokens (see services/webhooks/webhook-token.ts).
const TOKEN_CONTEXT = "BusinessAccount.webhookTokenEnc";

export type TReencryptOptions = { db: Db; keys: TKeyRing; batchSize?: number };
export type TReencryptReport = { keyId: string; scanned: number; reencrypted: number; alreadyCurrent: number; changedMeanwhile: number; unreadable: string[] };

/**
 * Re-seals every BusinessAccount.configEnc (and webhook token) under the newest key, in batches by id. Idempotent: values
 * already sealed by that key are left alone, so a second run (or one after an interruption) changes
 * nothing it need not. A row updated while this runs keeps its new value (compare-and-set); a row
 * no configured key opens is reported by id, not fatal.
 */
export async function reencryptAccountConfigs({ db, keys, batchSize = 100 }: TReencryptOptions): Promise<TReencryptReport> {
  const report: TReencryptReport = { keyId: keys.current.id, scanned: 0, reencrypted: 0, alreadyCurrent: 0, changedMeanwhile: 0, unreadable: [] };
  let after: string | undefined;
  for (;;) {
    const rows = await db.businessAccount.findMany({
      where: after ? { id: { gt: after } } : {},
      select: { id: true, configEnc: true, webhookTokenEnc: true },
      orderBy: { id: "asc" },
      take: batchSize,
    });
    if (rows.length === 0) return report;
    after = rows[rows.length - 1]!.id;
    for (const row of rows) {
      report.scanned++;
      await resealWebhookToken(db, keys, row);
      if (sealedKeyId(row.configEnc) === keys.current.id) {
        report.alreadyCurrent++;
        continue;
      }
      let configEnc: string;
      try {
        configEnc = sealJson(openJson(row.configEnc, keys, CONTEXT), keys, CONTEXT);
      } catch {
        report.unreadable.push(row.id);
        continue;
      }
      const { count } = await db.businessAccount.updateMany({ where: { id: row.id, configEnc: row.configEnc }, data: { configEnc } });
      if (count === 1) report.reencrypted++;
      else report.changedMeanwhile++;
    }
  }
}

/** A token a lab has pasted into a provider's console keeps its value; only its sealing changes. An unreadable one is left for a rotation. */
async function resealWebhookToken(db: Db, keys: TKeyRing, row: { id: string; webhookTokenEnc: string | null }): Promise<void> {
  if (!row.webhookTokenEnc || sealedKeyId(row.webhookTokenEnc) === keys.current.id) return;
  let webhookTokenEnc: string;
  try {
    webhookTokenEnc = sealJson(openJson(row.webhookTokenEnc, keys, TOKEN_CONTEXT), keys, TOKEN_CONTEXT);
  } catch {
    return;
  }
  await db.businessAccount.updateMany({ where: { id: row.id, webhookTokenEnc: row.webhookTokenEnc }, data: { webhookTokenEnc } });
}
