// npm run bench:bulk -- [--rows 100000] [--bad-every 50] [--pace 500] [--otps 100] [--rate 5] [--accept-only]
//
// A bulk campaign from a spreadsheet, on a fresh database on the real PostgreSQL (TEST_DATABASE_URL or
// DATABASE_URL), one lab on the sandbox providers:
//   1. "accept": a generated CSV of --rows rows (one in --bad-every bad: an invalid mobile or an empty
//      name, alternately) is streamed from disk into a campaign (importCampaignFile, as the upload route
//      does) and every row validated against the trigger, templates, consent and suppressions
//      (configureCampaign): seconds to accepted and persisted, and the process's peak RSS meanwhile;
//   2. "dispatch": the campaign runs on the app's own executor (a worker thread) at --pace messages a
//      second for the lab while --otps one-time passwords are started at --rate a second beside it,
//      each timed from otp.start to its message's acceptance by the provider (bench:otp's measure),
//      after the same OTP load on its own for a baseline. The campaign is then cancelled.
//      --accept-only stops after the first phase (to repeat it for a spread).
// A measurement, not a test: it asserts nothing.
import { createReadStream, createWriteStream } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { loadavg, tmpdir } from "node:os";
import path from "node:path";
import { once } from "node:events";
import { parseArgs } from "node:util";
import { runOnFreshDatabase } from "./fresh-database";
import { percentile, wholeNumber } from "./cli-options";

const { values } = parseArgs({
  options: {
    rows: { type: "string", default: "100000" },
    "bad-every": { type: "string", default: "50" },
    pace: { type: "string", default: "500" },
    otps: { type: "string", default: "100" },
    rate: { type: "string", default: "5" },
    "accept-only": { type: "boolean", default: false },
  },
});
const whole = (name: keyof typeof values, min: number) => wholeNumber(values, name, min);
const ROWS = whole("rows", 1);
const BAD_EVERY = whole("bad-every", 2);
const PACE = whole("pace", 1);
const OTPS = whole("otps", 1);
const RATE = whole("rate", 1);

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const mb = (bytes: number) => Math.round(bytes / 1024 / 1024);

/** The spreadsheet: id, name, mobile, lab, url; every BAD_EVERY-th row bad (a short mobile, or no name). */
async function writeCsv(file: string): Promise<number> {
  const out = createWriteStream(file);
  out.write("id,name,mobile,lab,url\n");
  let bad = 0;
  for (let i = 1; i <= ROWS; i++) {
    const isBad = i % BAD_EVERY === 0;
    if (isBad) bad += 1;
    const mobile = isBad && bad % 2 === 1 ? "05012" : `+96650${String(i).padStart(6, "0")}5`;
    const name = isBad && bad % 2 === 0 ? "" : `Patient ${i}`;
    if (!out.write(`P${i},${name},${mobile},Bench Lab,https://r.example/${i}\n`)) await once(out, "drain");
  }
  out.end();
  await once(out, "finish");
  return bad;
}

async function run(): Promise<Record<string, unknown>> {
  // Imported after DATABASE_URL is set: db() and the logger read the environment once.
  const { db } = await import("@/server/db");
  const { createCaller } = await import("@/server/api/root");
  const { createContextInner } = await import("@/server/api/trpc");
  const { startProcessExecutor } = await import("@/server/jobs/local/start-process-executor");
  const { importCampaignFile } = await import("@/server/services/campaigns/import-campaign-file");
  const { configureCampaign } = await import("@/server/services/campaigns/configure-campaign");
  const { setUpBenchLab } = await import("./pipeline-setup");
  (await import("@/server/jobs/install-job-ports")).installJobPorts();

  const { labId, principal } = await setUpBenchLab(db());
  const lab = await db().lab.findUniqueOrThrow({ where: { id: labId } });
  const caller = createCaller(createContextInner({ db: db(), principal }));
  await db().otpSettings.create({ data: { labId, startsPerCallerPerMinute: 100_000, startsPerLabPerHour: 1_000_000 } });

  const dir = await mkdtemp(path.join(tmpdir(), "herald-bulk-"));
  const file = path.join(dir, "patients.csv");
  const badRows = await writeCsv(file);

  // 1. Accept: stream, persist, validate; RSS sampled throughout.
  global.gc?.();
  const rssBefore = process.memoryUsage().rss;
  let peakRss = rssBefore;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 10);
  const load1Before = loadavg()[0]!;
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const { campaignId, rowCount } = await importCampaignFile({ db: db(), principal, lab, name: "Bench campaign", fileName: "patients.csv", format: "csv", input: createReadStream(file) });
  const t1 = performance.now();
  const summary = await configureCampaign({
    db: db(),
    principal,
    lab,
    campaignId,
    settings: { triggerKey: "REPORT_READY", channels: ["SMS"], mapping: { externalId: "id", name: "name", phone: "mobile", variables: { patientName: "name", labName: "lab", reportUrl: "url" } } },
  });
  const t2 = performance.now();
  const cpu = process.cpuUsage(cpu0);
  clearInterval(sampler);
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
  await rm(dir, { recursive: true });
  const accept = {
    rows: rowCount,
    badRows,
    importSeconds: Number(((t1 - t0) / 1000).toFixed(2)),
    validateSeconds: Number(((t2 - t1) / 1000).toFixed(2)),
    acceptedAndPersistedSeconds: Number(((t2 - t0) / 1000).toFixed(2)),
    // This process's CPU (the database's is not counted), and the host's 1-minute load average before and after.
    processCpuSeconds: Number(((cpu.user + cpu.system) / 1e6).toFixed(2)),
    loadAverage: [Number(load1Before.toFixed(1)), Number(loadavg()[0]!.toFixed(1))],
    summary,
    rssBeforeMb: mb(rssBefore),
    peakRssMb: mb(peakRss),
    maxRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
  };
  // Printed now as well: the dispatch phase takes a while.
  console.error(JSON.stringify({ accept }));

  if (values["accept-only"]) return { accept };

  // 2. Dispatch beside OTPs.
  await db().campaignPace.create({ data: { labId, ratePerSecond: PACE } });
  const executor = startProcessExecutor();
  await executor.started;
  let phoneSeq = 0;
  const { normalizePhone } = await import("@/server/services/contacts/normalize-phone");
  /** A valid Saudi mobile per start, spread over many prefixes (as bench:otp does) so the fraud guard sees no spike. */
  const nextPhone = (): string => {
    for (;;) {
      const n = phoneSeq++;
      const candidate = `+9665${[0, 3, 4, 5, 6, 7, 8, 9][n % 8]}${(n >> 3) % 10}${String(100_000 + (n % 100_000)).slice(1)}5`;
      if (normalizePhone(candidate, "SA")) return candidate;
    }
  };
  async function otpPhase(purpose: string) {
    const started: { at: number; challengeId: string }[] = [];
    const begin = Date.now();
    await Promise.all(
      Array.from({ length: OTPS }, async (_, i) => {
        const wait = begin + (i * 1000) / RATE - Date.now();
        if (wait > 0) await sleep(wait);
        const at = Date.now();
        const { challengeId } = await caller.otp.start({ labId, to: nextPhone(), purpose });
        started.push({ at, challengeId });
      }),
    );
    const acceptedAt = new Map<string, number>();
    const deadline = Date.now() + 120_000;
    while (acceptedAt.size < started.length && Date.now() < deadline) {
      const rows = await db().message.findMany({ where: { requestId: { in: started.map((s) => s.challengeId).filter((id) => !acceptedAt.has(id)) }, sentAt: { not: null } }, select: { requestId: true, sentAt: true } });
      for (const row of rows) acceptedAt.set(row.requestId!, row.sentAt!.getTime());
      await sleep(100);
    }
    const latencies = started.flatMap((s) => (acceptedAt.has(s.challengeId) ? [acceptedAt.get(s.challengeId)! - s.at] : [])).sort((a, b) => a - b);
    return { otps: OTPS, offeredPerSecond: RATE, accepted: latencies.length, startToAcceptedMs: { p50: Math.round(percentile(latencies, 50)), p99: Math.round(percentile(latencies, 99)), max: Math.round(latencies.at(-1) ?? NaN) } };
  }
  const campaignSent = () => db().$queryRaw<{ n: number }[]>`
    SELECT count(*)::int AS n FROM "CampaignMessage" cm JOIN "Message" m ON m.id = cm."messageId" WHERE cm."campaignId" = ${campaignId} AND m."sentAt" IS NOT NULL`.then(([r]) => r!.n);

  const alone = await otpPhase("bench_alone");
  await caller.campaigns.start({ labId, campaignId });
  // Let the campaign reach its pace before the probe begins.
  await sleep(5_000);
  const sentBefore = await campaignSent();
  const probeStart = Date.now();
  const beside = await otpPhase("bench_beside_campaign");
  const probeSeconds = (Date.now() - probeStart) / 1000;
  const sentDuring = (await campaignSent()) - sentBefore;
  await caller.campaigns.cancel({ labId, campaignId });
  await executor.stop();

  return {
    accept,
    dispatch: {
      campaignPacePerSecond: PACE,
      campaignSentPerSecondDuringProbe: Math.round(sentDuring / probeSeconds),
      otpAlone: alone,
      otpBesideCampaign: beside,
    },
  };
}

runOnFreshDatabase("herald_bench_bulk", run);
