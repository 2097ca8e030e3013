// bench:pipeline --provider twilio|resend: the simulator is told the lab's account, and after the
// phases its ceiling is measured with the requests the adapters sent, and its ledger read.
import { createHash } from "node:crypto";
import { db } from "@/server/db";
import { PROVIDER_CONCURRENCY } from "@/server/services/delivery/delivery-settings";
import { accountWebhookUrl } from "@/server/services/providers/provider-endpoints";
import type { TProviderAccount } from "./provider-accounts";
import { measureCeiling, type TCeilingRequest } from "./simulator-ceiling";
import type { TLedgerStats, TSimulatorProcess } from "./simulator-process";

/** Twilio signs its callbacks with the registered auth token; Resend posts signed events only to a registered webhook. */
export async function registerWithSimulator(sim: TSimulatorProcess, account: TProviderAccount): Promise<void> {
  const body =
    account.provider === "twilio"
      ? { provider: "twilio", id: account.config.accountSid, secret: account.config.authToken }
      : { provider: "resend", id: account.config.apiKey, webhookUrl: accountWebhookUrl("resend", account.id), webhookSecret: account.config.webhookSecret };
  await sim.admin("POST", "/accounts", body);
}

type TSample = { to: string | null; body: string | null; subject: string | null; html: string | null; text: string | null };

/** What the Twilio SDK posts for one SMS: the same form, credentials and callback URL. */
function twilioRequest(account: Extract<TProviderAccount, { provider: "twilio" }>, sample: TSample): (i: number) => TCeilingRequest {
  const { accountSid, authToken, from } = account.config;
  const authorization = `Basic ${Buffer.from(`${accountSid}:${authToken}`).toString("base64")}`;
  const webhookUrl = accountWebhookUrl("twilio", account.id);
  return (i) => ({
    path: `/twilio/2010-04-01/Accounts/${accountSid}/Messages.json`,
    headers: { authorization, "content-type": "application/x-www-form-urlencoded", accept: "application/json" },
    body: new URLSearchParams({ To: sample.to ?? "+966500000015", From: from, Body: sample.body ?? "", StatusCallback: `${webhookUrl}?m=ceiling-${i}` }).toString(),
    units: 1,
  });
}

/** What the Resend SDK posts for a dispatch job's 100 emails: one batch call with its idempotency key. */
function resendRequest(account: Extract<TProviderAccount, { provider: "resend" }>, sample: TSample): (i: number) => TCeilingRequest {
  const { apiKey, from } = account.config;
  return (i) => {
    const emails = Array.from({ length: 100 }, (_, j) => ({
      from,
      to: [`ceiling-${i}-${j}@example.test`],
      subject: sample.subject ?? "",
      html: sample.html ?? "",
      text: sample.text ?? "",
      tags: [
        { name: "message_id", value: `ceiling_${i}_${j}` },
        { name: "trigger", value: "REPORT_READY" },
      ],
    }));
    return {
      path: "/resend/emails/batch",
      headers: { authorization: `Bearer ${apiKey}`, "content-type": "application/json", "idempotency-key": `batch-${createHash("sha256").update(`ceiling-${i}`).digest("base64url")}` },
      body: JSON.stringify(emails),
      units: emails.length,
    };
  };
}

/**
 * The simulator's ledger once its callbacks have settled, then its ceiling at dispatch's concurrency:
 * Twilio has PROVIDER_CONCURRENCY calls in flight per dispatch job; Resend one batch call per job.
 */
export async function measureAgainstCeiling(sim: TSimulatorProcess, account: TProviderAccount, labId: string, dispatchedPerSecond: number, jobsInFlight: number, seconds: number) {
  await sim.admin("POST", "/callbacks/idle");
  const ledger = await sim.admin<TLedgerStats>("GET", "/ledger/stats");
  const sample = await db().message.findFirstOrThrow({ where: { labId, channel: account.channel }, select: { to: true, body: true, subject: true, html: true, text: true } });
  const make = account.provider === "twilio" ? twilioRequest(account, sample) : resendRequest(account, sample);
  const concurrency = account.provider === "twilio" ? PROVIDER_CONCURRENCY * jobsInFlight : jobsInFlight;
  const ceiling = await measureCeiling(sim.origin, make, concurrency, seconds);
  return {
    ceiling,
    saturatedRatio: Number((dispatchedPerSecond / ceiling.messagesPerSecond).toFixed(2)),
    ledger: { acceptedSends: ledger.acceptedSends, messages: ledger.messages, duplicates: Object.keys(ledger.duplicates).length },
    retriesByCode: await retriesByCode(labId),
  };
}

// A duplicate in the ledger is a send retried after a call whose answer came too late (a timeout):
// the retries' codes say whether that is what happened.
async function retriesByCode(labId: string): Promise<Record<string, number>> {
  const rows = await db().$queryRaw<{ code: string | null; count: bigint }[]>`
    SELECT detail->>'code' AS code, count(*) AS count FROM "MessageEvent" WHERE "labId" = ${labId} AND type = 'retry_scheduled' GROUP BY 1`;
  return Object.fromEntries(rows.map((r) => [r.code ?? "unknown", Number(r.count)]));
}
