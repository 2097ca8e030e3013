// bench:crash as a function: the chaos load's messages while Herald's server or its executor is
// killed (SIGKILL) K times at moments drawn from the seed, each time started again at once.
import type { ChildProcess } from "node:child_process";
import { once } from "node:events";
import type { Channel } from "@/generated/prisma/enums";
import { startWorld, type TWorld } from "./proof-world";
import { runLoad, type TLoadReport } from "./run-load";
import { mulberry32 } from "../../simulator/faults";

export type TCrashTarget = "server" | "executor";

export type TCrashOptions = {
  target: TCrashTarget;
  n: number;
  seed: number;
  kills: number;
  drainTimeoutMs: number;
  channels?: Channel[];
  atLeastOnce?: boolean;
  /** Kill when these shares of the run are done instead of at random ones (a test's fixed moments). */
  killAt?: number[];
  /** How long the simulator waits before a status callback (its default is 20 to 120 ms). */
  callbackDelayMs?: { min: number; max: number };
};

export type TKill = { at: number; progress: number; inFlight: number; restartSeconds: number };

export type TCrashReport = TLoadReport & { target: TCrashTarget; seed: number; kills: TKill[]; inFlightAtKills: number; duplicatesWithinInFlight: boolean };

/**
 * The share of the run done: for the server, the messages it has accepted; for the executor, the
 * messages it has taken from the queue. Both out of N.
 */
async function progressOf(target: TCrashTarget, labId: string, n: number): Promise<{ done: number; inFlight: number }> {
  const { db } = await import("@/server/db");
  const counts = await db().message.groupBy({ by: ["status"], where: { labId }, _count: true });
  const count = (pick: (status: string) => boolean) => counts.filter((c) => pick(c.status)).reduce((sum, c) => sum + c._count, 0);
  const accepted = count(() => true);
  const taken = count((status) => status !== "QUEUED" && status !== "SCHEDULED");
  return { done: (target === "server" ? accepted : taken) / n, inFlight: count((status) => status === "SENDING") };
}

async function killAndRestart(world: TWorld, target: TCrashTarget, child: ChildProcess): Promise<{ child: ChildProcess; restartSeconds: number }> {
  const exited = once(child, "exit");
  child.kill("SIGKILL");
  await exited;
  const started = performance.now();
  const next = target === "server" ? await world.startServer() : await world.startExecutor();
  return { child: next.child, restartSeconds: Number(((performance.now() - started) / 1000).toFixed(2)) };
}

export async function runCrash(options: TCrashOptions): Promise<TCrashReport> {
  const { target, n, seed, kills, drainTimeoutMs } = options;
  const channels = options.channels ?? ["SMS", "WHATSAPP", "EMAIL"];
  const random = mulberry32(seed);
  const moments = (options.killAt ?? Array.from({ length: kills }, () => 0.05 + 0.9 * random())).sort((a, b) => a - b);
  const world = await startWorld({ channels, atLeastOnce: options.atLeastOnce });
  try {
    // The executor runs apart from the server, so each kill hits one of them only.
    let server = (await world.startServer()).child;
    let executor = (await world.startExecutor()).child;
    // Calls take 50 to 200 ms, so a kill finds some in flight.
    await world.sim.admin("POST", "/scenario", {
      seed,
      faults: [{ provider: "*", operation: "send", latencyMs: { min: 50, max: 200 } }, ...(options.callbackDelayMs ? [{ provider: "*", callbacks: { delayMs: options.callbackDelayMs } }] : [])],
    });
    const done: TKill[] = [];
    const report = await runLoad({
      world,
      n,
      runId: `crash-${target}-${seed}-${Date.now()}`,
      channels,
      drainTimeoutMs,
      during: async () => {
        const started = performance.now();
        for (const moment of moments) {
          for (;;) {
            const progress = await progressOf(target, world.labId, n);
            if (progress.done >= moment) break;
            if (performance.now() - started > drainTimeoutMs) return;
            await new Promise((resolve) => setTimeout(resolve, 50));
          }
          const { done: progress, inFlight } = await progressOf(target, world.labId, n);
          const restarted = await killAndRestart(world, target, target === "server" ? server : executor);
          if (target === "server") server = restarted.child;
          else executor = restarted.child;
          done.push({ at: Number(moment.toFixed(3)), progress: Number(progress.toFixed(3)), inFlight, restartSeconds: restarted.restartSeconds });
        }
      },
    });
    const inFlightAtKills = done.reduce((sum, k) => sum + k.inFlight, 0);
    return { ...report, target, seed, kills: done, inFlightAtKills, duplicatesWithinInFlight: report.duplicates <= inFlightAtKills };
  } finally {
    await world.stop();
  }
}
