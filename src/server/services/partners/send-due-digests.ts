import { sqlOf, sqlTransactionOf, type Db } from "@/server/db";
import { newId } from "@/server/db/new-id";
import { sqlTimestamp } from "@/server/db/sql-time";
import type { TJobHandOff } from "@/server/jobs/trigger-job";
import { enqueueDispatchInTransaction } from "@/server/services/delivery/enqueue-dispatch";
import type { TLabForSend } from "@/server/services/notifications/decide-channel";
import { insertOutbox } from "@/server/services/notifications/insert-outbox";
import { loadSendContext } from "@/server/services/notifications/load-send-context";
import { planMessages, type TPlannedItem } from "@/server/services/notifications/plan-messages";
import { loadTemplateCandidates } from "@/server/services/templates/load-template-candidates";
import { loadPartnersForSend } from "@/server/services/partners/load-partners-for-send";
import { contactChannels, partnerVariables } from "@/server/services/partners/plan-partner-sends";

export type TSendDueDigestsOptions = { db: Db; now?: Date; /** Windows handled per run; the rest wait for the next. */ limit?: number };

export type TSendDueDigestsResult = { digests: number; events: number; messages: number };

type TWindow = { labId: string; partnerId: string; triggerKey: string; dueAt: Date };
type TEntry = { id: string; variables: Record<string, unknown> };

/**
 * Every partner digest whose window has closed: one message per contact and channel carrying exactly
 * the window's events. Each window is written in one transaction that locks its entries, writes the
 * messages (with their dispatch) and stamps the entries: a crash leaves the entries waiting for the next
 * run, and a run that comes second (or at the same time) finds them stamped or locked and sends nothing.
 */
export async function sendDueDigests({ db, now = new Date(), limit = 100 }: TSendDueDigestsOptions): Promise<TSendDueDigestsResult> {
  const windows = await sqlOf(db).$queryRaw<TWindow[]>`
    SELECT DISTINCT "labId", "partnerId", "triggerKey", "dueAt" FROM "PartnerDigestEntry"
    WHERE "digestedAt" IS NULL AND "dueAt" <= ${sqlTimestamp(now)}
    ORDER BY "dueAt" LIMIT ${limit}`;
  const result: TSendDueDigestsResult = { digests: 0, events: 0, messages: 0 };
  for (const window of windows) {
    const sent = await sendDigest(db, window, now);
    if (!sent) continue;
    result.digests += 1;
    result.events += sent.events;
    result.messages += sent.messages;
  }
  return result;
}

async function sendDigest(db: Db, window: TWindow, now: Date): Promise<{ events: number; messages: number } | null> {
  const { outcome, handOff } = await sqlTransactionOf(
    db,
    async (tx): Promise<{ outcome: { events: number; messages: number } | null; handOff?: TJobHandOff }> => {
      const entries = await tx.$queryRaw<TEntry[]>`
        SELECT id, variables FROM "PartnerDigestEntry"
        WHERE "partnerId" = ${window.partnerId} AND "triggerKey" = ${window.triggerKey} AND "dueAt" = ${sqlTimestamp(window.dueAt)} AND "digestedAt" IS NULL
        ORDER BY "createdAt", id
        FOR UPDATE SKIP LOCKED`;
      if (entries.length === 0) return { outcome: null };
      const [lab] = await tx.$queryRaw<TLabForSend[]>`
        SELECT id, "hardStop", country, "defaultLanguage", timezone, "quietHoursStart", "quietHoursEnd" FROM "Lab" WHERE id = ${window.labId}`;
      const [partner] = await loadPartnersForSend(tx, { labId: window.labId, labTimezone: lab!.timezone, references: [{ partnerId: window.partnerId }], triggerKeys: [window.triggerKey] });
      const context = await loadSendContext(tx, { labId: window.labId, triggerKeys: [window.triggerKey] });
      const candidates = await loadTemplateCandidates(tx, { labId: window.labId, triggerKeys: [window.triggerKey], audience: "PARTNER" });
      const trigger = context.triggers.get(window.triggerKey);
      const digestId = newId();

      const planned: TPlannedItem[] = [];
      if (partner && trigger) {
        // Events accepted under a rule since removed still go out, on the trigger's channels.
        const ruleChannels = partner.rules.get(window.triggerKey)?.channels ?? trigger.channels;
        const events = entries.map((entry) => entry.variables);
        for (const link of partner.contacts) {
          const channels = contactChannels(link, window.triggerKey, ruleChannels);
          if (channels.length === 0) continue;
          planned.push({ item: { trigger: window.triggerKey, variables: {}, channels }, contact: link.contact, variables: partnerVariables(partner.name, link.contact.name, events) });
        }
      }
      const plan = planMessages({ lab: lab!, requestId: digestId, items: planned, context: { ...context, candidates }, now });
      await insertOutbox(tx, { labId: window.labId, requestId: digestId, messages: plan.messages, events: plan.events, responses: new Map(), now });
      await tx.$executeRaw`
        UPDATE "PartnerDigestEntry" SET "digestedAt" = ${sqlTimestamp(now)}, "digestId" = ${digestId}
        WHERE id = ANY(${entries.map((entry) => entry.id)}::text[])`;
      const handOff = await enqueueDispatchInTransaction(tx, plan.dispatch, (_labId, channel) => context.firstAccounts.get(channel) ?? null);
      return { outcome: { events: entries.length, messages: plan.messages.length }, handOff };
    },
    { statementTimeoutMs: 30_000 },
  );
  // As in the send flow: the messages are committed, and a failed hand-off is the stalled-message sweep's to repair.
  await handOff?.afterCommit().catch(() => undefined);
  return outcome;
}
