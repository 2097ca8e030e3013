// bench:stats: one lab with 1,000,000 messages over 90 days (by default), then the server time of
// stats.overview for the last 7, 30 and 90 days, and what keeping the figures current costs.
//
//   npm run bench:stats -- [--messages 1000000] [--days 90] [--iterations 40] [--changes 10000] [--keep] [--database <url>]
//
// --keep leaves the seeded database in place and prints its URL; --database <url> measures one kept
// earlier again without seeding.
//
// Uses the PostgreSQL server in TEST_DATABASE_URL (or DATABASE_URL), on a database of its own.
import { parseArgs } from "node:util";
import { performance } from "node:perf_hooks";
import { applyMigrations } from "@/server/db/migrations/apply-migrations";
import { createTemporaryDatabase } from "@/server/db/temporary-database";
import { atExit, cleanUp } from "./child-processes";

const { values } = parseArgs({
  options: { messages: { type: "string", default: "1000000" }, days: { type: "string", default: "90" }, iterations: { type: "string", default: "40" }, changes: { type: "string", default: "10000" }, keep: { type: "boolean", default: false }, database: { type: "string" } },
});
const MESSAGES = Number(values.messages);
const DAYS = Number(values.days);
const ITERATIONS = Number(values.iterations);
const CHANGES = Number(values.changes);
const RANGES = [7, 30, 90].filter((d) => d <= DAYS);

const round = (n: number, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits;

function percentiles(samples: number[]) {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
  return { n: sorted.length, p50: round(at(50)), p95: round(at(95)), p99: round(at(99)), max: round(sorted.at(-1)!) };
}

async function timed<T>(work: () => Promise<T>): Promise<[T, number]> {
  const started = performance.now();
  const result = await work();
  return [result, performance.now() - started];
}

async function run() {
  const { db, sqlOf } = await import("@/server/db");
  const { rebuildMessageStats } = await import("@/server/services/stats/rebuild-message-stats");
  const { rollUpMessageStats } = await import("@/server/services/stats/roll-up-message-stats");
  const { seedStatsMessages } = await import("./stats-seed");
  const d = db();

  if (values.database) return { reused: values.database, overviewMs: await measureOverview(d, (await d.lab.findFirstOrThrow({ where: { slug: "bench-lab" } })).id) };
  const org = await d.organization.create({ data: { name: "Bench", slug: "bench" } });
  const lab = await d.lab.create({ data: { organizationId: org.id, name: "Bench lab", slug: "bench-lab", timezone: "Asia/Riyadh" } });
  const account = (channel: "SMS" | "WHATSAPP" | "EMAIL", provider: string) =>
    d.businessAccount.create({ data: { labId: lab.id, channel, provider, name: `${provider} ${channel}`, configEnc: "unused" } }).then((a) => a.id);
  const accounts = { sms: await account("SMS", "twilio"), whatsapp: await account("WHATSAPP", "twilio"), email: await account("EMAIL", "resend") };

  const [, seedMs] = await timed(() => seedStatsMessages({ db: d, labId: lab.id, accounts, messages: MESSAGES, days: DAYS }));
  const [, rebuildMs] = await timed(() => rebuildMessageStats({ db: d }));
  await sqlOf(d).$executeRaw`VACUUM ANALYZE`;
  const [hourRows, dayRows] = await Promise.all([d.messageStatHour.count(), d.messageStatDay.count()]);

  // The incremental path: delivery reports for CHANGES sent messages, each with its event, then one run.
  await sqlOf(d).$executeRaw`
    WITH changed AS (
      UPDATE "Message" m SET status = 'DELIVERED', "deliveredAt" = m."sentAt" + interval '5 seconds', "updatedAt" = now() AT TIME ZONE 'UTC'
      FROM (SELECT id FROM "Message" WHERE status = 'SENT' ORDER BY "createdAt" DESC LIMIT ${CHANGES}::int) s WHERE m.id = s.id
      RETURNING m.id, m."labId"
    )
    INSERT INTO "MessageEvent" (id, "messageId", "labId", type, status, source, "createdAt")
    SELECT gen_random_uuid()::text, id, "labId", 'status', 'DELIVERED', 'webhook', now() AT TIME ZONE 'UTC' FROM changed`;
  const [rolled, rollupMs] = await timed(() => rollUpMessageStats({ db: d }));

  return {
    messages: MESSAGES,
    days: DAYS,
    seedSeconds: round(seedMs / 1000),
    rebuildSeconds: round(rebuildMs / 1000),
    statRows: { hour: hourRows, day: dayRows },
    incrementalRollup: { changedMessages: rolled.changed, ms: round(rollupMs) },
    overviewMs: await measureOverview(d, lab.id),
  };
}

/** stats.overview through the router as an API key calls it, the ranges interleaved, after a warm-up. */
async function measureOverview(d: import("@/server/db").Db, labId: string) {
  const { createCaller } = await import("@/server/api/root");
  const { createContextInner } = await import("@/server/api/trpc");
  const caller = createCaller(createContextInner({ db: d, principal: { kind: "apiKey", apiKeyId: "bench", labId, organizationId: null } }));
  const overview = (days: number) => caller.stats.overview({ labId, from: new Date(Date.now() - days * 86_400_000), to: new Date(), granularity: "day" });
  for (const days of RANGES) for (let i = 0; i < 3; i++) await overview(days);
  const samples = new Map<number, number[]>(RANGES.map((days) => [days, []]));
  const totals = new Map<number, number>();
  for (let i = 0; i < ITERATIONS; i++) {
    for (const days of RANGES) {
      const [result, ms] = await timed(() => overview(days));
      samples.get(days)!.push(ms);
      totals.set(days, result.totals.total);
    }
  }
  return Object.fromEntries(RANGES.map((days) => [`${days}d`, { ...percentiles(samples.get(days)!), messagesCounted: totals.get(days) }]));
}

async function main(): Promise<void> {
  if (values.database) {
    process.env.DATABASE_URL = values.database;
    process.env.LOG_LEVEL ??= "warn";
    console.log(JSON.stringify(await run(), null, 2));
    return;
  }
  const serverUrl = process.env.TEST_DATABASE_URL || process.env.DATABASE_URL;
  if (!serverUrl) throw new Error("set TEST_DATABASE_URL or DATABASE_URL to a PostgreSQL server (the bench creates and drops its own database there)");
  const database = await createTemporaryDatabase(serverUrl, "herald_bench_stats");
  // --keep leaves the database for EXPLAIN and prints its URL.
  if (values.keep) console.error(`keeping ${database.url}`);
  else atExit(() => database.drop());
  await applyMigrations(database.url);
  process.env.DATABASE_URL = database.url;
  process.env.LOG_LEVEL ??= "warn";
  console.log(JSON.stringify(await run(), null, 2));
  const { db } = await import("@/server/db");
  await db().$disconnect();
}

main()
  .catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  })
  .finally(cleanUp);
