// bench:chaos as a function: the world, the faults, one load, the figures.
import type { Channel } from "@/generated/prisma/enums";
import { chaosFaults, type TChaosRates } from "./chaos-faults";
import { startWorld } from "./proof-world";
import { runLoad, type TLoadReport } from "./run-load";

export type TChaosOptions = TChaosRates & { n: number; seed: number; channels?: Channel[]; drainTimeoutMs: number };

export async function runChaos(options: TChaosOptions): Promise<TLoadReport & { faults: TChaosRates; seed: number }> {
  const channels = options.channels ?? ["SMS", "WHATSAPP", "EMAIL"];
  const world = await startWorld({ channels });
  try {
    await world.startServer({ executor: true });
    const { n, seed, drainTimeoutMs, ...rates } = options;
    await world.sim.admin("POST", "/scenario", { seed, faults: chaosFaults(rates) });
    const report = await runLoad({ world, n, runId: `chaos-${seed}-${Date.now()}`, channels, drainTimeoutMs });
    return { ...report, faults: rates, seed };
  } finally {
    await world.stop();
  }
}
