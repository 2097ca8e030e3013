// bench:failover as a function: each channel's first account goes fully down (every call answered
// 503) once a share of the run has been sent through it; the lab's second account must take over.
import type { Channel } from "@/generated/prisma/enums";
import type { TLedgerEntry } from "../../simulator/ledger";
import { startWorld } from "./proof-world";
import { runLoad, type TLoadReport } from "./run-load";
import { percentile } from "../cli-options";

export type TFailoverOptions = { n: number; seed: number; channels?: Channel[]; drainTimeoutMs: number; /** The share of N sent through the first accounts before they go down. */ downAfter: number; /** Items per send (100); a small run sends one at a time, so later ones meet the outage. */ batch?: number };

export type TFailoverReport = TLoadReport & {
  seed: number;
  downAfterSends: number;
  deliveredShare: number;
  /** From the outage to the first message the backup accounts took, and to the last message's failover. */
  firstFailoverSeconds: number | null;
  failoverSecondsPerMessage: { p50: number; p99: number; max: number } | null;
  failedOver: number;
  callsWhileAccountDown: number;
};

const round2 = (x: number) => Number(x.toFixed(2));

export async function runFailover(options: TFailoverOptions): Promise<TFailoverReport> {
  const channels = options.channels ?? ["SMS", "WHATSAPP", "EMAIL"];
  const world = await startWorld({ channels });
  const primaries = world.accounts.filter((a) => a.priority === 0);
  const backups = new Set(world.accounts.filter((a) => a.priority === 1).map((a) => a.simulatorId));
  const downAfterSends = Math.max(1, Math.floor(options.n * options.downAfter));
  let outageAt: number | null = null;
  let outageSeq = 0;
  try {
    await world.startServer({ executor: true });
    await world.sim.admin("POST", "/scenario", { seed: options.seed, faults: [] });
    const report = await runLoad({
      world,
      n: options.n,
      runId: `failover-${options.seed}-${Date.now()}`,
      channels,
      drainTimeoutMs: options.drainTimeoutMs,
      ...(options.batch && { batch: options.batch, concurrency: 1 }),
      during: async () => {
        for (;;) {
          const stats = await world.sim.admin<{ acceptedSends: number; requests: number }>("GET", "/ledger/stats");
          if (stats.acceptedSends >= downAfterSends) {
            await world.sim.admin("POST", "/faults", primaries.map((a) => ({ provider: a.provider, account: a.simulatorId, down: true })));
            outageAt = Date.now();
            outageSeq = stats.requests;
            return;
          }
          await new Promise((resolve) => setTimeout(resolve, 20));
        }
      },
    });
    const { db } = await import("@/server/db");
    const sends = await world.sim.admin<TLedgerEntry[]>("GET", `/ledger?operation=send&after=${outageSeq}`);
    const firstBackup = sends.find((e) => e.account && backups.has(e.account) && e.httpStatus < 300);
    const failovers = await db().messageEvent.findMany({ where: { labId: world.labId, type: "failover" }, select: { createdAt: true } });
    const delays = outageAt === null ? [] : failovers.map((f) => (f.createdAt.getTime() - outageAt!) / 1000).sort((a, b) => a - b);
    const delivered = (report.statuses.DELIVERED ?? 0) + (report.statuses.READ ?? 0);
    return {
      ...report,
      seed: options.seed,
      downAfterSends,
      deliveredShare: report.queued === 0 ? 1 : Number((delivered / report.queued).toFixed(5)),
      firstFailoverSeconds: firstBackup && outageAt !== null ? round2((Date.parse(firstBackup.at) - outageAt) / 1000) : null,
      failoverSecondsPerMessage: delays.length ? { p50: round2(percentile(delays, 50)), p99: round2(percentile(delays, 99)), max: round2(delays.at(-1)!) } : null,
      failedOver: failovers.length,
      callsWhileAccountDown: sends.filter((e) => e.fault === "down").length,
    };
  } finally {
    await world.stop();
  }
}
