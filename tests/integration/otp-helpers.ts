// Shared set-up of the OTP tests: a lab with sandbox accounts on every channel and the OTP trigger
// enabled, a caller, and a runner for the lab's OTP lane jobs (test files share one database, so
// each runs only its own labs' jobs, as a worker of that lane would).
import type { Channel } from "@/generated/prisma/enums";
import { db } from "@/server/db";
import type { TOtpSettings } from "@/server/domain/otp";
import { checkOtpDeliveryJob, dispatchOtpJob } from "@/server/jobs/definitions/dispatch-otp";
import type { AnyJobDefinition } from "@/server/jobs/define-job";
import { sandboxLedger } from "@/server/providers/sandbox/sandbox-ledger";
import { enableAllTriggers } from "@/server/services/triggers/enable-all-triggers";
import { loadCatalogueFile } from "@/server/services/triggers/load-catalogue-file";
import { syncCatalogue } from "@/server/services/triggers/sync-catalogue";
import { callerFor, makeApiKey, makeUser } from "../helpers/fixtures";
import { makeDeliveryLab, type TAccountSpec } from "./delivery-helpers";

let synced: Promise<unknown> | undefined;

/** The shipped catalogue, synced once per file (in beforeAll, whose time limit fits a busy machine). */
export function syncOtpCatalogue(): Promise<unknown> {
  synced ??= loadCatalogueFile().then((catalogue) => syncCatalogue(db(), catalogue));
  return synced;
}

/** A lab with sandbox accounts (SMS, WhatsApp, email by default), OTP enabled, an API key and an admin. */
export async function makeOtpLab(options: { accounts?: TAccountSpec[]; settings?: Partial<TOtpSettings> } = {}) {
  await syncOtpCatalogue();
  const { lab, accounts } = await makeDeliveryLab(options.accounts);
  await enableAllTriggers(db(), lab.id);
  const key = await makeApiKey(lab.id);
  const admin = await makeUser({ labId: lab.id, role: "LAB_ADMIN" });
  if (options.settings) await callerFor(admin.principal).otp.updateSettings({ labId: lab.id, ...options.settings });
  return { lab, accounts, key, admin, api: callerFor(key.principal) };
}

const LANE: Record<string, AnyJobDefinition> = { [dispatchOtpJob.id]: dispatchOtpJob, [checkOtpDeliveryJob.id]: checkOtpDeliveryJob };

/**
 * Runs the lab's due OTP lane jobs (and those they queue) until none is due. `deadlines` runs the
 * delivery checks now rather than at their time, as the clock reaching them would.
 */
export async function runOtpLane(labId: string, { deadlines = false }: { deadlines?: boolean } = {}): Promise<number> {
  let ran = 0;
  for (let round = 0; round < 20; round++) {
    const due = await db().$queryRaw<{ id: string; name: string; payload: Record<string, unknown> }[]>`
      UPDATE "Job" SET status = 'RUNNING', attempts = attempts + 1, "lockedAt" = now(), "lockedBy" = 'otp-test'
      WHERE id IN (
        SELECT id FROM "Job" WHERE status = 'PENDING' AND payload->>'labId' = ${labId}
          AND (name = ${dispatchOtpJob.id} OR (name = ${checkOtpDeliveryJob.id} AND ${deadlines}))
          AND ("runAt" <= now() OR name = ${checkOtpDeliveryJob.id})
        ORDER BY "runAt" FOR UPDATE SKIP LOCKED)
      RETURNING id, name, payload`;
    if (due.length === 0) return ran;
    for (const job of due) {
      const definition = LANE[job.name]!;
      const logger = { debug() {}, info() {}, warn() {}, error() {} };
      await definition.handler(definition.schema.parse(job.payload), { attempt: 1, maxAttempts: 1, jobId: job.id, logger, signal: new AbortController().signal });
      await db().job.update({ where: { id: job.id }, data: { status: "COMPLETED", completedAt: new Date() } });
      ran += 1;
    }
  }
  throw new Error("runOtpLane: the lane did not settle within 20 rounds");
}

/** The code as the patient received it on this challenge's latest message through the sandbox. */
export async function receivedCode(challengeId: string, channel?: Channel): Promise<string> {
  const events = await db().otpEvent.findMany({
    where: { challengeId, type: { in: ["sent", "resent", "fallback"] }, ...(channel && { channel }) },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
  });
  for (const event of events) {
    const [send] = sandboxLedger.sendsOf(event.messageId!);
    if (!send) continue;
    const text = "body" in send.message && send.message.body ? send.message.body : ((send.message as { text?: string | null }).text ?? "");
    const code = /\b(\d{4,10})\b/.exec(text)?.[1];
    if (code) return code;
  }
  throw new Error(`no code was delivered for challenge ${challengeId}`);
}

/** A wrong code of the same length: the right one with every digit moved on by one. */
export function wrongCode(code: string): string {
  return [...code].map((d) => String((Number(d) + 1) % 10)).join("");
}

/** A Saudi mobile number no other test uses (+96650...), ending in `suffix` (the sandbox reads the last 4 digits). */
let phones = 0;

/** A Saudi mobile number ending in `suffix`, distinct from every other this file has drawn (a pending challenge for the same number would turn a start into a resend). */
export function otpPhone(suffix = "5678"): string {
  phones += 1;
  return `+96650${String(phones % 1000).padStart(3, "0")}${suffix}`;
}
