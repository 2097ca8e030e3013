// npm run bench:bulk -- [--rows 100000] [--bad-every 50] [--pace 500] [--otps 100] [--rate 5] [--accept-only] [--runner node|tsx] [--trace]
//
// A bulk campaign from a spreadsheet, on a fresh database on the real PostgreSQL (TEST_DATABASE_URL or
// DATABASE_URL), one lab on the sandbox providers:
//   1. "accept": a generated CSV of --rows rows (one in --bad-every bad: an invalid mobile or an empty
//      name, alternately) is streamed from disk into a campaign (importCampaignFile, as the upload route
//      does) and every row validated against the trigger, templates, consent and suppressions
//      (configureCampaign): seconds to accepted and persisted, and the peak RSS of the process doing it.
//      That process is a child of its own (bench/bulk-intake.ts) carrying only what the upload route and
//      campaigns.configure carry, not this one with its router, executor and set-up; by default its code
//      is bundled with esbuild and run on plain node, as `next start` runs the server's compiled code
//      (--runner tsx runs the sources through tsx instead, which costs RSS of its own). --trace adds
//      its memory every 100 ms;
//   2. "dispatch": the campaign runs on the app's own executor (a worker thread) at --pace messages a
//      second for the lab while --otps one-time passwords are started at --rate a second beside it,
//      each timed from otp.start to its message's acceptance by the provider (bench:otp's measure),
//      after the same OTP load on its own for a baseline. The campaign is then cancelled.
//      --accept-only stops after the first phase (to repeat it for a spread).
// A measurement, not a test: it asserts nothing.
import { spawn } from "node:child_process";
import { createWriteStream } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { loadavg, tmpdir } from "node:os";
import path from "node:path";
import { once } from "node:events";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { build } from "esbuild";
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
    runner: { type: "string", default: "node" },
    trace: { type: "boolean", default: false },
  },
});
const whole = (name: keyof typeof values, min: number) => wholeNumber(values, name, min);
const ROWS = whole("rows", 1);
const BAD_EVERY = whole("bad-every", 2);
const PACE = whole("pace", 1);
const OTPS = whole("otps", 1);
const RATE = whole("rate", 1);
const RUNNER = values.runner!;
if (RUNNER !== "node" && RUNNER !== "tsx") throw new Error(`--runner: expected node or tsx, got ${RUNNER}`);
const PROJECT_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const INTAKE_ENTRY = path.join(PROJECT_DIR, "bench/bulk-intake.ts");

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

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
  const { setUpBenchLab } = await import("./pipeline-setup");
  (await import("@/server/jobs/install-job-ports")).installJobPorts();

  const { labId, principal } = await setUpBenchLab(db());
  const caller = createCaller(createContextInner({ db: db(), principal }));
  await db().otpSettings.create({ data: { labId, startsPerCallerPerMinute: 100_000, startsPerLabPerHour: 1_000_000 } });

  const dir = await mkdtemp(path.join(tmpdir(), "herald-bulk-"));
  const file = path.join(dir, "patients.csv");
  const badRows = await writeCsv(file);

  // 1. Accept: stream, persist, validate, in the intake's own process.
  const load1Before = loadavg()[0]!;
  const intake = await runIntake({ labId, principal, file, dir });
  await rm(dir, { recursive: true });
  const { campaignId, trace, ...figures } = intake;
  const accept = {
    runner: RUNNER === "node" ? "node (esbuild bundle)" : "tsx (sources)",
    badRows,
    ...figures,
    // The host's 1-minute load average before and after; processCpuSeconds is the intake process's (the database's is not counted).
    loadAverage: [Number(load1Before.toFixed(1)), Number(loadavg()[0]!.toFixed(1))],
  };
  // Printed now as well: the dispatch phase takes a while.
  console.error(JSON.stringify({ accept }));
  if (trace) console.error(["seconds phase rss heapUsed heapTotal external (MB)", ...trace.map((sample) => sample.join(" "))].join("\n"));

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

type TIntakeReport = { campaignId: string; rows: number; summary: unknown; beforeRssMb: number; peakRssMb: number; trace?: unknown[][] } & Record<string, unknown>;

/**
 * Runs bench/bulk-intake.ts in a child process on the bench's database and returns its report: bundled
 * by esbuild (packages from node_modules, as the server's build leaves them) and run on plain node, or
 * with --runner tsx on the sources. Only the child's own flags: no heap limit, no --expose-gc.
 */
async function runIntake({ labId, principal, file, dir }: { labId: string; principal: unknown; file: string; dir: string }): Promise<TIntakeReport> {
  let entry = INTAKE_ENTRY;
  if (RUNNER === "node") {
    // Inside node_modules so the bundle's packages resolve from the project, as they do for the server.
    entry = path.join(PROJECT_DIR, "node_modules/.cache/herald-bench", `bulk-intake-${path.basename(dir)}.mjs`);
    await build({ absWorkingDir: PROJECT_DIR, entryPoints: [INTAKE_ENTRY], outfile: entry, bundle: true, platform: "node", format: "esm", target: "node20", packages: "external", tsconfig: path.join(PROJECT_DIR, "tsconfig.json"), logLevel: "warning" });
  }
  const args = [...(RUNNER === "tsx" ? ["--import", "tsx"] : []), entry, "--lab", labId, "--principal", JSON.stringify(principal), "--file", file, ...(values.trace ? ["--trace"] : [])];
  const child = spawn(process.execPath, args, { cwd: PROJECT_DIR, env: process.env, stdio: ["ignore", "pipe", "inherit"] });
  let out = "";
  child.stdout.setEncoding("utf8").on("data", (text: string) => (out += text));
  const [code] = (await once(child, "exit")) as [number | null];
  if (RUNNER === "node") await rm(entry, { force: true });
  if (code !== 0) throw new Error(`the intake process exited with ${code}`);
  const lines = out.trim().split("\n");
  // Anything else the child printed (a warning) goes to stderr; its report is the last line.
  if (lines.length > 1) console.error(lines.slice(0, -1).join("\n"));
  return JSON.parse(lines.at(-1)!) as TIntakeReport;
}

runOnFreshDatabase("herald_bench_bulk", run);
