// `npm run bench:crash -- [--rounds 5] [--n 300] [--kill-after 60] [--at-least-once]`: how many
// messages a patient gets twice, and how many are left for a person, when a dispatch worker is
// killed (SIGKILL) in the middle of a batch sent through Twilio (the simulator, over HTTP, with
// 100-300 ms per call so calls are in flight). Each round: N messages, a worker process dispatching
// them, killed once the simulator has accepted --kill-after of them; then another worker takes the
// stale claims over. Counts come from the simulator's ledger (sends per Herald message id).
import { spawn } from "node:child_process";
import { writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { applyMigrations } from "@/server/db/migrations/apply-migrations";
import { createTemporaryDatabase } from "@/server/db/temporary-database";
import { startSimulator } from "../simulator/server";

const { values } = parseArgs({
  options: {
    rounds: { type: "string", default: "5" },
    n: { type: "string", default: "300" },
    "kill-after": { type: "string", default: "60" },
    "at-least-once": { type: "boolean", default: false },
  },
});
const rounds = Number(values.rounds);
const n = Number(values.n);
const killAfter = Number(values["kill-after"]);
const atLeastOnce = values["at-least-once"];

const database = await createTemporaryDatabase(process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL, "herald_crash");
const sim = await startSimulator();
try {
  await applyMigrations(database.url);
  process.env.DATABASE_URL = database.url;
  process.env.PROVIDER_SIMULATOR_URL = sim.origin;
  // Callbacks are beside the point here: they go to a port nobody listens on and are dropped.
  process.env.HERALD_BASE_URL = "http://127.0.0.1:9";
  sim.faults.add([{ provider: "twilio", operation: "send", latencyMs: { min: 100, max: 300 } }, { provider: "twilio", callbacks: { dropRate: 1 } }]);

  const { db } = await import("@/server/db");
  const { createOrganization } = await import("@/server/services/organizations/create-organization");
  const { createLab } = await import("@/server/services/labs/create-lab");
  const { createBusinessAccount } = await import("@/server/services/business-accounts/create-business-account");
  const { dispatchMessages } = await import("@/server/services/delivery/dispatch-messages");
  const organization = await createOrganization({ db: db(), principal: null, name: "Crash org", slug: "crash-org" });
  const lab = await createLab({ db: db(), principal: null, organizationId: organization.id, name: "Crash lab", slug: "crash-lab" });
  await createBusinessAccount({
    db: db(), principal: null, labId: lab.id, channel: "SMS", provider: "twilio", name: "Twilio", atLeastOnce,
    config: { accountSid: `AC${"c".repeat(32)}`, authToken: "0123456789abcdef0123456789abcdef", from: "+14155550100" },
  });

  console.log(`crash bench: ${rounds} rounds of ${n} messages through Twilio (simulated), worker killed after ${killAfter} accepted sends; account at-least-once: ${atLeastOnce}`);
  const rows: { inFlight: number; duplicates: number; unknown: number; lost: number; delivered: number }[] = [];
  for (let round = 1; round <= rounds; round++) {
    const ids: string[] = [];
    for (let i = 0; i < n; i++) {
      const to = `+9665${String(round).padStart(2, "0")}${String(i).padStart(5, "0")}9`;
      const m = await db().message.create({
        data: { labId: lab.id, channel: "SMS", triggerKey: "REPORT_READY", category: "results", status: "QUEUED", to, body: `Report ${round}-${i} is ready.` },
        select: { id: true },
      });
      ids.push(m.id);
    }
    const file = path.join(tmpdir(), `herald-crash-${process.pid}-${round}.json`);
    writeFileSync(file, JSON.stringify(ids));
    const worker = spawn(process.execPath, ["--import", "tsx", "bench/crash-worker.ts", file], { env: process.env, stdio: ["ignore", "ignore", "inherit"] });
    const accepted = () => ids.reduce((sum, id) => sum + sim.ledger.acceptedSends(id), 0);
    while (accepted() < killAfter && worker.exitCode === null) await new Promise((resolve) => setTimeout(resolve, 5));
    worker.kill("SIGKILL");
    await new Promise((resolve) => worker.once("exit", resolve));

    const inFlight = await db().message.count({ where: { id: { in: ids }, status: "SENDING", providerMessageId: null } });
    // Another worker takes the stale claims over (staleClaimMs 0: as if the stale window had passed).
    await dispatchMessages({ db: db(), messageIds: ids, workerId: `rescuer-${round}`, staleClaimMs: 0, schedule: async () => {} });
    const statuses = await db().message.findMany({ where: { id: { in: ids } }, select: { id: true, status: true, errorCode: true } });
    const duplicates = ids.filter((id) => sim.ledger.acceptedSends(id) > 1).length;
    const unknown = statuses.filter((s) => s.errorCode === "outcome_unknown").length;
    const lost = statuses.filter((s) => s.status !== "SENT" && s.errorCode !== "outcome_unknown").length;
    const delivered = statuses.filter((s) => s.status === "SENT").length;
    rows.push({ inFlight, duplicates, unknown, lost, delivered });
    console.log(`round ${round}: claimed without an outcome at the kill ${inFlight}, sent twice ${duplicates}, left for a person (outcome_unknown) ${unknown}, neither sent nor flagged ${lost}, sent once ${delivered}`);
  }
  const range = (pick: (r: (typeof rows)[number]) => number) => `${Math.min(...rows.map(pick))} to ${Math.max(...rows.map(pick))}`;
  console.log(`summary: claimed without an outcome ${range((r) => r.inFlight)}, duplicates per crash ${range((r) => r.duplicates)}, outcome_unknown ${range((r) => r.unknown)}, lost ${range((r) => r.lost)}`);
  await db().$disconnect();
} finally {
  await sim.close();
  await database.drop();
}
