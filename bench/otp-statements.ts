// npm run bench:otp-statements -- [--starts 50]
//
// The statements one otp.start costs: on a fresh database with the bench lab (as bench:otp), runs
// --starts starts one after another through otp.start (createCaller, an API key) and counts every
// statement the process sends to PostgreSQL while each runs, with its time from send to answer.
// Prints the statements per start and, per statement (its first words), how often it ran and its
// mean and p99 time. A measurement, not a test: it asserts nothing.
import pg from "pg";
import { parseArgs } from "node:util";
import { runOnFreshDatabase } from "./fresh-database";
import { percentile, wholeNumber } from "./cli-options";

const { values } = parseArgs({ options: { starts: { type: "string", default: "50" } } });
const STARTS = wholeNumber(values, "starts", 1);

type TTimed = { text: string; ms: number };

async function run(): Promise<Record<string, unknown>> {
  const timed: TTimed[] = [];
  // Every statement of this process passes through pg.Client#query (Prisma's adapter and the raw runners alike).
  const query = pg.Client.prototype.query as (...args: unknown[]) => unknown;
  pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
    const config = args[0] as string | { text: string };
    const text = (typeof config === "string" ? config : config.text).replace(/\s+/g, " ").trim().slice(0, 90);
    const began = performance.now();
    const done = () => timed.push({ text, ms: performance.now() - began });
    // Pools pass a callback as the last argument; clients return a promise.
    const last = args.length - 1;
    const callback = args[last];
    if (typeof callback === "function") {
      args[last] = (...answer: unknown[]) => {
        done();
        return (callback as (...a: unknown[]) => unknown)(...answer);
      };
    }
    const result = query.apply(this, args);
    if (result instanceof Promise) void result.then(done, () => undefined);
    return result;
  } as typeof pg.Client.prototype.query;

  const { db } = await import("@/server/db");
  const { createCaller } = await import("@/server/api/root");
  const { createContextInner } = await import("@/server/api/trpc");
  const { setUpBenchLab } = await import("./pipeline-setup");
  (await import("@/server/jobs/install-job-ports")).installJobPorts();
  const { labId, principal } = await setUpBenchLab(db());
  const caller = createCaller(createContextInner({ db: db(), principal }));
  await db().otpSettings.create({ data: { labId, startsPerCallerPerMinute: 100_000, startsPerLabPerHour: 1_000_000 } });

  const perStart: number[] = [];
  const durations: number[] = [];
  for (let i = 0; i < STARTS; i++) {
    timed.length = 0;
    const began = performance.now();
    await caller.otp.start({ labId, to: `+9665${[0, 3, 4, 5][i % 4]}${String(1_000_000 + i).slice(1)}5`, purpose: "profile" });
    durations.push(performance.now() - began);
    // The last statement's answer is counted on the microtask after the start resolves.
    await new Promise((resolve) => setImmediate(resolve));
    perStart.push(timed.length);
    if (i === STARTS - 1) {
      const byText = new Map<string, number[]>();
      for (const t of timed) byText.set(t.text, [...(byText.get(t.text) ?? []), t.ms]);
      return {
        starts: STARTS,
        statementsPerStart: { min: Math.min(...perStart), max: Math.max(...perStart) },
        startMs: { p50: Math.round(percentile([...durations].sort((a, b) => a - b), 50)), p99: Math.round(percentile([...durations].sort((a, b) => a - b), 99)) },
        lastStart: [...byText].map(([text, ms]) => ({ text, runs: ms.length, ms: Number((ms.reduce((a, b) => a + b, 0) / ms.length).toFixed(2)) })),
      };
    }
  }
  return {};
}

runOnFreshDatabase("herald_bench", run);
