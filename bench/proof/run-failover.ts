// bench:failover as a function: each channel's first account goes fully down (its API answers every
// call 503) once a share of the run has been sent through it, for `downForMs`, then recovers; the lab's
// second account must take over meanwhile. The simulator's outage is an API outage: messages the
// account accepted before it keep their delivery and status callbacks (see simulator/faults.ts).
import type { Channel } from "@/generated/prisma/enums";
import type { TLedgerEntry } from "../../simulator/ledger";
import { startWorld } from "./proof-world";
import { runLoad, type TLoadReport } from "./run-load";
import { percentile } from "../cli-options";

export type TFailoverOptions = { n: number; seed: number; channels?: Channel[]; drainTimeoutMs: number; /** The share of N sent through the first accounts before they go down. */ downAfter: number; /** How long they stay down. */ downForMs: number; /** Items per send (100); a small run sends one at a time, so later ones meet the outage. */ batch?: number;
  /**
   * The first this many sends through each first account are taken but answered after Herald's 10 s
   * timeout, as a loaded host saw them: each such message ends FAILED outcome_unknown until the
   * provider's callback tells what became of it.
   */
  lateAnswers?: number;
};

/** Past Herald's provider timeout (10 s), as the late answers seen under load came (2 to 13 s after it). */
const LATE_ANSWER_MS = { min: 11_000, max: 13_000 };

export type TFailoverReport = TLoadReport & {
  seed: number;
  downAfterSends: number;
  /** How long the first accounts were down, and whether the run's sends were all accepted before they recovered. */
  outageSeconds: number | null;
  sendsDoneDuringOutage: boolean;
  deliveredShare: number;
  /** From the outage to the first message the backup accounts took, and to the last message's failover. */
  firstFailoverSeconds: number | null;
  failoverSecondsPerMessage: { p50: number; p99: number; max: number } | null;
  failedOver: number;
  callsWhileAccountDown: number;
  /** From the recovery to the first send the first accounts took again (their breakers closing on a probe); null if none came. */
  failbackSeconds: number | null;
  /** Up to five messages that did not end DELIVERED or READ, each with what happened to it. */
  undeliveredExamples: string[];
};

const round2 = (x: number) => Number(x.toFixed(2));

export async function runFailover(options: TFailoverOptions): Promise<TFailoverReport> {
  const channels = options.channels ?? ["SMS", "WHATSAPP", "EMAIL"];
  const world = await startWorld({ channels });
  const primaries = world.accounts.filter((a) => a.priority === 0);
  const backups = new Set(world.accounts.filter((a) => a.priority === 1).map((a) => a.simulatorId));
  const downAfterSends = Math.max(1, Math.floor(options.n * options.downAfter));
  let outageAt: number | null = null;
  let recoveredAt: number | null = null;
  let recoveredSeq = 0;
  let outageSeq = 0;
  let sendsDone = false;
  let sendsDoneAtRecovery = false;
  try {
    await world.startServer({ executor: true });
    const late = options.lateAnswers ? primaries.map((a) => ({ provider: a.provider, account: a.simulatorId, operation: "send", latencyMs: LATE_ANSWER_MS, times: options.lateAnswers })) : [];
    await world.sim.admin("POST", "/scenario", { seed: options.seed, faults: late });
    const report = await runLoad({
      world,
      n: options.n,
      runId: `failover-${options.seed}-${Date.now()}`,
      channels,
      drainTimeoutMs: options.drainTimeoutMs,
      ...(options.batch && { batch: options.batch, concurrency: 1 }),
      during: async (sending) => {
        void sending.then(() => (sendsDone = true), () => undefined);
        for (;;) {
          const stats = await world.sim.admin<{ acceptedSends: number; requests: number }>("GET", "/ledger/stats");
          if (stats.acceptedSends >= downAfterSends) {
            const { ids } = await world.sim.admin<{ ids: number[] }>("POST", "/faults", primaries.map((a) => ({ provider: a.provider, account: a.simulatorId, down: true })));
            outageAt = Date.now();
            outageSeq = stats.requests;
            await new Promise((resolve) => setTimeout(resolve, options.downForMs));
            for (const id of ids) await world.sim.admin("DELETE", `/faults/${id}`);
            recoveredAt = Date.now();
            sendsDoneAtRecovery = sendsDone;
            recoveredSeq = (await world.sim.admin<{ requests: number }>("GET", "/ledger/stats")).requests;
            return;
          }
          await new Promise((resolve) => setTimeout(resolve, 20));
        }
      },
    });
    const { db } = await import("@/server/db");
    const sends = await world.sim.admin<TLedgerEntry[]>("GET", `/ledger?operation=send&after=${outageSeq}`);
    const firstBackup = sends.find((e) => e.account && backups.has(e.account) && e.httpStatus < 300);
    const primaryIds = new Set(primaries.map((a) => a.simulatorId));
    const firstBack = sends.find((e) => e.seq > recoveredSeq && e.account && primaryIds.has(e.account) && e.httpStatus < 300);
    const failovers = await db().messageEvent.findMany({ where: { labId: world.labId, type: "failover" }, select: { createdAt: true } });
    const delays = outageAt === null ? [] : failovers.map((f) => (f.createdAt.getTime() - outageAt!) / 1000).sort((a, b) => a - b);
    const delivered = (report.statuses.DELIVERED ?? 0) + (report.statuses.READ ?? 0);
    return {
      ...report,
      seed: options.seed,
      downAfterSends,
      outageSeconds: outageAt !== null && recoveredAt !== null ? round2((recoveredAt - outageAt) / 1000) : null,
      sendsDoneDuringOutage: sendsDoneAtRecovery,
      deliveredShare: report.queued === 0 ? 1 : Number((delivered / report.queued).toFixed(5)),
      firstFailoverSeconds: firstBackup && outageAt !== null ? round2((Date.parse(firstBackup.at) - outageAt) / 1000) : null,
      failoverSecondsPerMessage: delays.length ? { p50: round2(percentile(delays, 50)), p99: round2(percentile(delays, 99)), max: round2(delays.at(-1)!) } : null,
      failedOver: failovers.length,
      callsWhileAccountDown: sends.filter((e) => e.fault === "down").length,
      failbackSeconds: firstBack && recoveredAt !== null ? round2((Date.parse(firstBack.at) - recoveredAt) / 1000) : null,
      undeliveredExamples: await undeliveredExamples(world, report.queued),
    };
  } finally {
    await world.stop();
  }
}

type TCallbackDelivery = { label: string; status: number | null; attempt: number; error?: string; at: string };

/** Why messages stayed short of DELIVERED: their account, timeline, the simulator's calls and callbacks about them. */
async function undeliveredExamples(world: Awaited<ReturnType<typeof startWorld>>, queued: number): Promise<string[]> {
  if (queued === 0) return [];
  const { db } = await import("@/server/db");
  const rows = await db().message.findMany({
    where: { labId: world.labId, status: { notIn: ["DELIVERED", "READ"] } },
    take: 5,
    select: { id: true, status: true, errorCode: true, businessAccount: { select: { name: true } }, events: { orderBy: { createdAt: "asc" }, select: { type: true, status: true, source: true, createdAt: true } } },
  });
  const time = (at: Date | string) => new Date(at).toISOString().slice(11, 23);
  return Promise.all(
    rows.map(async (m) => {
      const calls = await world.sim.admin<TLedgerEntry[]>("GET", `/ledger?messageId=${m.id}`);
      const callbacks = await world.sim.admin<TCallbackDelivery[]>("GET", `/callbacks?messageId=${m.id}`);
      return [
        `${m.id} ${m.status}${m.errorCode ? ` ${m.errorCode}` : ""} on ${m.businessAccount?.name ?? "no account"}`,
        `events: ${m.events.map((e) => `${e.type}${e.status ? `:${e.status}` : ""} by ${e.source} ${time(e.createdAt)}`).join("; ")}`,
        `calls: ${calls.map((c) => `${c.operation} ${c.httpStatus}${c.fault ? ` ${c.fault}` : ""} ${time(c.at)}`).join("; ")}`,
        `callbacks: ${callbacks.map((c) => `${c.label} #${c.attempt} ${c.status ?? c.error} ${time(c.at)}`).join("; ")}`,
      ].join(" | ");
    }),
  );
}
