// bench:fuzz as a function: Herald's server over HTTP (no executor: nothing else writes meanwhile,
// so any change to the database during a refused call is that call's), fuzzed procedure by
// procedure and caller by caller, then its webhook routes.
import { fuzzCallers, otherLab } from "./fuzz-world";
import { fuzzProcedures, type TFuzzFailure } from "./fuzz-procedures";
import { fuzzWebhooks } from "./fuzz-webhooks";
import { startWorld } from "./proof-world";
import { proceduresOf } from "./trpc-over-http";

export type TFuzzOptions = { runs: number; seed: number; webhookRuns: number; /** Only procedures whose path starts with one of these (all by default). */ only?: string[] };

export type TFuzzReport = { seed: number; procedures: number; callers: string[]; calls: number; refused: number; webhookCalls: number; failures: number; failureList: TFuzzFailure[] };

export async function runFuzz(options: TFuzzOptions): Promise<TFuzzReport> {
  const world = await startWorld({ channels: ["SMS", "EMAIL"] });
  try {
    await world.startServer();
    // A one-time code sent without a delivery report is checked at its fallback deadline, a write on
    // the scheduler's clock: the longest deadline keeps it out of the run, where it would read as a
    // refused call's write.
    const { db } = await import("@/server/db");
    await db().otpSettings.upsert({ where: { labId: world.labId }, create: { labId: world.labId, countries: [], fallbackAfterSeconds: 600 }, update: { fallbackAfterSeconds: 600 } });
    const { appRouter } = await import("@/server/api/root");
    const procedures = proceduresOf(appRouter).filter((p) => !options.only || options.only.some((prefix) => p.path.startsWith(prefix)));
    const [callers, other] = [await fuzzCallers(world), await otherLab()];
    const trpc = await fuzzProcedures({ origin: world.origin, labId: world.labId, procedures, callers, other, runs: options.runs, seed: options.seed });
    const webhooks = await fuzzWebhooks(world, { runs: options.webhookRuns, seed: options.seed });
    const failureList = [...trpc.failures, ...webhooks.failures];
    return {
      seed: options.seed,
      procedures: procedures.length,
      callers: callers.map((c) => c.name),
      calls: trpc.calls,
      refused: trpc.refused,
      webhookCalls: webhooks.calls,
      failures: failureList.length,
      failureList,
    };
  } finally {
    await world.stop();
  }
}
