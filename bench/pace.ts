// npm run bench:pace -- [--rate 10] [--capped 300] [--n 3000] [--executors 2]
//
// An account's send rate under load. Lab A sends --capped SMS through an account capped at --rate
// requests a second; lab B sends --n SMS through an account without a cap, at the same time, on
// --executors local executors (each its own worker, as separate processes would be; the rate is
// held in PostgreSQL, not in any one of them). Before that, lab B sends --n alone: the baseline.
// Prints lab A's achieved rate (first to last send) and its busiest second against its cap, and lab B's
// dispatched/s beside its baseline: the ratio says whether A's pacing slowed B. Sandbox providers,
// on a fresh database on the real PostgreSQL (TEST_DATABASE_URL or DATABASE_URL). Asserts nothing.
import { parseArgs } from "node:util";
import { runOnFreshDatabase } from "./fresh-database";

const { values } = parseArgs({
  options: {
    rate: { type: "string", default: "10" },
    capped: { type: "string", default: "300" },
    n: { type: "string", default: "3000" },
    executors: { type: "string", default: "2" },
  },
});
const number = (name: keyof typeof values, min: number, integer = true) => {
  const value = Number(values[name]);
  if (!(integer ? Number.isInteger(value) : Number.isFinite(value)) || value < min) throw new Error(`--${name}: expected a ${integer ? "whole " : ""}number of at least ${min}, got ${String(values[name])}`);
  return value;
};
const RATE = number("rate", 0.1, false);
const CAPPED = number("capped", 2);
const N = number("n", 1);
const EXECUTORS = number("executors", 1);
const BATCH = 100;
const round = (value: number, digits = 1) => Number(value.toFixed(digits));
const silent = { debug() {}, info() {}, warn() {}, error() {} };

async function run() {
  const { db } = await import("@/server/db");
  const { createCaller } = await import("@/server/api/root");
  const { createContextInner } = await import("@/server/api/trpc");
  const { startLocalExecutor } = await import("@/server/jobs/local/start-local-executor");
  const { createOrganization } = await import("@/server/services/organizations/create-organization");
  const { createLab } = await import("@/server/services/labs/create-lab");
  const { createApiKey } = await import("@/server/services/api-keys/create-api-key");
  const { createBusinessAccount } = await import("@/server/services/business-accounts/create-business-account");
  const { enableAllTriggers } = await import("@/server/services/triggers/enable-all-triggers");
  const { loadCatalogueFile } = await import("@/server/services/triggers/load-catalogue-file");
  const { syncCatalogue } = await import("@/server/services/triggers/sync-catalogue");
  const { sampleVariables } = await import("@/server/services/templates/sample-variables");
  (await import("@/server/jobs/install-job-ports")).installJobPorts();

  await syncCatalogue(db(), await loadCatalogueFile());
  const organization = await createOrganization({ db: db(), principal: null, name: "Pace org", slug: "pace-org" });
  const trigger = await db().trigger.findUniqueOrThrow({ where: { key: "REPORT_READY" }, select: { variables: true } });
  const variables = sampleVariables(trigger.variables, "en");

  async function lab(slug: string, sendRatePerSecond: number | null) {
    const created = await createLab({ db: db(), principal: null, organizationId: organization.id, name: slug, slug, settings: { quietHoursStart: null, quietHoursEnd: null } });
    await enableAllTriggers(db(), created.id);
    const account = await createBusinessAccount({ db: db(), principal: null, labId: created.id, channel: "SMS", provider: "sandbox", name: `${slug} SMS`, config: {}, sendRatePerSecond });
    const { apiKey } = await createApiKey({ db: db(), principal: null, labId: created.id, name: "bench", scope: "lab" });
    const caller = createCaller(createContextInner({ db: db(), principal: { kind: "apiKey", apiKeyId: apiKey.id, labId: created.id, organizationId: null } }));
    let sent = 0;
    /** Sends `count` SMS in batches of 100 and resolves once every one of them has left the queue. */
    async function send(count: number, tag: string) {
      const started = performance.now();
      const batches: Promise<unknown>[] = [];
      for (let start = 0; start < count; start += BATCH) {
        const items = Array.from({ length: Math.min(BATCH, count - start) }, (_, i) => {
          const n = String(sent + start + i).padStart(6, "0");
          const id = `${tag}-${n}`;
          // Ending in 5: no sandbox failure convention applies.
          return { trigger: "REPORT_READY", recipient: { externalId: id, name: id, phone: `+96650${n}5` }, channels: ["SMS" as const], variables, idempotencyKey: id };
        });
        batches.push(caller.notifications.sendMany({ labId: created.id, items }));
      }
      await Promise.all(batches);
      sent += count;
      while ((await db().message.count({ where: { labId: created.id, status: { in: ["QUEUED", "SENDING"] } } })) > 0) await new Promise((r) => setTimeout(r, 50));
      return (performance.now() - started) / 1000;
    }
    return { id: created.id, accountId: account.id, send };
  }

  const capped = await lab("pace-capped", RATE);
  const free = await lab("pace-free", null);
  const executors = Array.from({ length: EXECUTORS }, (_, w) => startLocalExecutor({ db: db(), logger: silent, pollIntervalMs: 20, concurrency: 4, workerId: `pace-${w}` }));
  try {
    await free.send(200, "warm");
    const baselineSeconds = await free.send(N, "alone");
    const [cappedSeconds, freeSeconds] = await Promise.all([capped.send(CAPPED, "capped"), free.send(N, "beside")]);

    // Lab A's sends as its provider saw them: when the sandbox (in this process) took each call.
    const { sandboxLedger } = await import("@/server/providers/sandbox/sandbox-ledger");
    const messages = await db().message.findMany({ where: { labId: capped.id }, select: { id: true } });
    const times = messages.flatMap((m) => sandboxLedger.sendsOf(m.id).map((send) => send.acceptedAt.getTime())).sort((a, b) => a - b);
    const rate = times.length > 1 ? (times.length - 1) / ((times.at(-1)! - times[0]!) / 1000) : NaN;
    // The most sends in any one second: at most the cap (plus one, counting both ends).
    let busiest = 0;
    for (let i = 0, j = 0; i < times.length; i++) {
      while (times[i]! - times[j]! >= 1000) j++;
      busiest = Math.max(busiest, i - j + 1);
    }
    const paced = await db().messageEvent.count({ where: { labId: capped.id, type: "paced" } });
    return {
      capped: {
        cap: RATE,
        messages: CAPPED,
        accepted: times.length,
        seconds: round(cappedSeconds, 2),
        rate: round(rate, 2),
        rateVsCap: round(rate / RATE, 3),
        busiestSecond: busiest,
        pacedEvents: paced,
      },
      free: {
        messages: N,
        aloneSeconds: round(baselineSeconds, 2),
        alonePerSecond: round(N / baselineSeconds),
        besideSeconds: round(freeSeconds, 2),
        besidePerSecond: round(N / freeSeconds),
        besideVsAlone: round(baselineSeconds / freeSeconds, 3),
      },
    };
  } finally {
    await Promise.all(executors.map((e) => e.stop()));
    await db().$disconnect();
  }
}

runOnFreshDatabase("herald_pace", run);
