// npm run bench:otp -- [--backlog 100000] [--otps 200] [--rate 5] [--batch 1000]
//
// OTP start to provider-accepted latency, with and without a bulk backlog. On a fresh database on the
// real PostgreSQL (TEST_DATABASE_URL or DATABASE_URL), with the app's own executor (a worker thread,
// concurrency 4, woken by each commit) and the sandbox providers, one lab:
//   1. "no backlog": --otps starts through otp.start (createCaller, an API key), offered at --rate per
//      second, each timed from the call to the message's sentAt (the provider's acceptance);
//   2. "backlog": --backlog ordinary messages sent through notifications.sendMany in batches of
//      --batch as fast as they are accepted; once the first tenth is queued the same OTP load starts
//      beside them, and goes on while the rest is accepted and dispatched.
// Prints p50/p99/max per phase, where the time goes (the start's answer, the lane's claim, the provider
// call, and how late this process's event loop ran, since otp.start shares it with the bulk sendMany
// calls as a server does), and how many ordinary messages were still waiting when the last OTP was
// accepted (the backlog the OTPs overtook). A measurement, not a test: it asserts nothing.
import { monitorEventLoopDelay } from "node:perf_hooks";
import { parseArgs } from "node:util";
import { runOnFreshDatabase } from "./fresh-database";
import { percentile, wholeNumber } from "./cli-options";

const { values } = parseArgs({
  options: {
    backlog: { type: "string", default: "100000" },
    otps: { type: "string", default: "200" },
    rate: { type: "string", default: "5" },
    batch: { type: "string", default: "1000" },
  },
});
const whole = (name: keyof typeof values, min: number) => wholeNumber(values, name, min);
const BACKLOG = whole("backlog", 0);
const OTPS = whole("otps", 1);
const RATE = whole("rate", 1);
const BATCH = whole("batch", 1);

const round = (value: number) => Math.round(value);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function run(): Promise<Record<string, unknown>> {
  // Imported after DATABASE_URL is set: db() and the logger read the environment once.
  const { db } = await import("@/server/db");
  const { createCaller } = await import("@/server/api/root");
  const { createContextInner } = await import("@/server/api/trpc");
  const { startProcessExecutor } = await import("@/server/jobs/local/start-process-executor");
  const { normalizePhone } = await import("@/server/services/contacts/normalize-phone");
  const { setUpBenchLab, benchItem } = await import("./pipeline-setup");
  (await import("@/server/jobs/install-job-ports")).installJobPorts();

  const { labId, principal, variables } = await setUpBenchLab(db());
  const caller = createCaller(createContextInner({ db: db(), principal }));
  // Limits far above the bench's load: it measures the lane, not the limits.
  await db().otpSettings.create({ data: { labId, startsPerCallerPerMinute: 100_000, startsPerLabPerHour: 1_000_000 } });
  const executor = startProcessExecutor();
  await executor.started;

  let phoneSeq = 0;
  /** A valid Saudi mobile number per start, spread over many prefixes so the fraud guard sees no spike. */
  const nextPhone = (): string => {
    for (;;) {
      const n = phoneSeq++;
      // Ending in 5, so no sandbox failure convention (0000, 2222, ...) applies.
      const candidate = `+9665${[0, 3, 4, 5, 6, 7, 8, 9][n % 8]}${(n >> 3) % 10}${String(100_000 + (n % 100_000)).slice(1)}5`;
      if (normalizePhone(candidate, "SA")) return candidate;
    }
  };

  /** Offers OTPS starts at RATE per second; each latency is from the call to its message's acceptance by the provider. */
  async function otpPhase(name: string) {
    const started: { at: number; answeredAt: number; challengeId: string }[] = [];
    // How late this process's event loop (where otp.start runs, beside the bulk sendMany calls) ran its callbacks.
    const loopDelay = monitorEventLoopDelay({ resolution: 10 });
    loopDelay.enable();
    const begin = Date.now();
    await Promise.all(
      Array.from({ length: OTPS }, async (_, i) => {
        const wait = begin + (i * 1000) / RATE - Date.now();
        if (wait > 0) await sleep(wait);
        const at = Date.now();
        const { challengeId } = await caller.otp.start({ labId, to: nextPhone(), purpose: `bench_${name}` });
        started.push({ at, answeredAt: Date.now(), challengeId });
      }),
    );
    loopDelay.disable();
    const ids = started.map((s) => s.challengeId);
    const acceptedAt = new Map<string, number>();
    const deadline = Date.now() + 120_000;
    while (acceptedAt.size < ids.length && Date.now() < deadline) {
      const rows = await db().message.findMany({ where: { requestId: { in: ids.filter((id) => !acceptedAt.has(id)) }, sentAt: { not: null } }, select: { requestId: true, sentAt: true } });
      for (const row of rows) acceptedAt.set(row.requestId!, row.sentAt!.getTime());
      await sleep(100);
    }
    // Where the time goes: the start's answer, its job's claim, and the provider call, from the message's timeline.
    const events = await db().messageEvent.findMany({ where: { message: { requestId: { in: ids } }, type: { in: ["queued", "dispatched", "accepted"] } }, select: { messageId: true, type: true, createdAt: true, message: { select: { requestId: true } } } });
    const stepsOf = new Map<string, Record<string, number>>();
    for (const e of events) {
      const steps = stepsOf.get(e.message.requestId!) ?? {};
      steps[e.type] ??= e.createdAt.getTime();
      stepsOf.set(e.message.requestId!, steps);
    }
    const startAt = new Map(started.map((s) => [s.challengeId, s.at]));
    const answeredAt = new Map(started.map((s) => [s.challengeId, s.answeredAt]));
    const step = (from: (id: string) => number | undefined, to: (id: string) => number | undefined) => {
      const values = ids.flatMap((id) => {
        const a = from(id);
        const b = to(id);
        return a !== undefined && b !== undefined ? [b - a] : [];
      }).sort((x, y) => x - y);
      return { p50: round(percentile(values, 50)), p99: round(percentile(values, 99)) };
    };
    const breakdownMs = {
      startAnswered: step((id) => startAt.get(id), (id) => answeredAt.get(id)),
      answeredToClaimed: step((id) => answeredAt.get(id), (id) => stepsOf.get(id)?.dispatched),
      claimedToAccepted: step((id) => stepsOf.get(id)?.dispatched, (id) => stepsOf.get(id)?.accepted),
    };
    const latencies = started.flatMap((s) => (acceptedAt.has(s.challengeId) ? [acceptedAt.get(s.challengeId)! - s.at] : [])).sort((a, b) => a - b);
    return {
      otps: OTPS,
      offeredPerSecond: RATE,
      accepted: latencies.length,
      startToAcceptedMs: { p50: round(percentile(latencies, 50)), p99: round(percentile(latencies, 99)), max: round(latencies.at(-1) ?? NaN) },
      breakdownMs,
      startProcessLoopDelayMs: { p50: round(loopDelay.percentile(50) / 1e6), p99: round(loopDelay.percentile(99) / 1e6), max: round(loopDelay.max / 1e6) },
      lastAcceptedAt: Math.max(...acceptedAt.values()),
    };
  }

  const waiting = () => db().message.count({ where: { labId, triggerKey: { not: "OTP" }, status: { in: ["QUEUED", "SENDING"] } } });
  const quiet = await otpPhase("quiet");

  let accepted = 0;
  let firstTenth: () => void = () => undefined;
  const tenthQueued = new Promise<void>((resolve) => (firstTenth = resolve));
  const bulkStarted = Date.now();
  const bulk = (async () => {
    for (let start = 0; start < BACKLOG; start += BATCH) {
      const items = Array.from({ length: Math.min(BATCH, BACKLOG - start) }, (_, i) => benchItem(start + i, variables));
      await caller.notifications.sendMany({ labId, items });
      accepted += items.length;
      if (accepted >= BACKLOG / 10) firstTenth();
    }
    firstTenth();
    return (Date.now() - bulkStarted) / 1000;
  })();
  await tenthQueued;
  const queuedAtStart = await waiting();
  const busy = await otpPhase("backlog");
  const acceptedByThen = accepted;
  const stillWaiting = await waiting();
  const acceptSeconds = await bulk;
  while ((await waiting()) > 0) await sleep(500);
  const drainSeconds = (Date.now() - bulkStarted) / 1000;
  await executor.stop();
  return {
    backlog: BACKLOG,
    noBacklog: { ...quiet, lastAcceptedAt: undefined },
    withBacklog: { ...busy, lastAcceptedAt: undefined, ordinaryWaitingWhenOtpsBegan: queuedAtStart, ordinaryWaitingWhenLastOtpAccepted: stillWaiting, ordinaryAcceptedWhenLastOtpAccepted: acceptedByThen },
    ordinary: { acceptSeconds: Number(acceptSeconds.toFixed(1)), allDispatchedSeconds: Number(drainSeconds.toFixed(1)), dispatchedPerSecond: round(BACKLOG / drainSeconds) },
  };
}

runOnFreshDatabase("herald_bench", run);
