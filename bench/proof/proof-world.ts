// The proof suites' world: the provider simulator and Herald (its HTTP server, and its executor in
// the server or in a process of its own) each in a process of its own on this machine, over the
// database in DATABASE_URL; one lab with an API key and, per channel, two accounts of its own
// (Twilio SMS, Twilio WhatsApp, Resend email) the simulator knows, the second one the first's backup.
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Channel } from "@/generated/prisma/enums";
import { atExit, startChild, stopChild, type TStartedChild } from "../child-processes";
import { startSimulatorProcess, type TSimulatorProcess } from "../simulator-process";

export type TWorldAccount = { id: string; provider: "twilio" | "resend"; channel: Channel; priority: number; simulatorId: string; from: string; /** Its credentials, for suites that sign callbacks as the provider would. */ config: Record<string, string> };

export type TWorld = {
  sim: TSimulatorProcess;
  origin: string;
  labId: string;
  apiKey: string;
  accounts: TWorldAccount[];
  /** Starts (again) Herald's server; with `executor` it runs the local executor too. */
  startServer(options?: { executor?: boolean }): Promise<TStartedChild>;
  /** Starts (again) an executor of its own. */
  startExecutor(): Promise<TStartedChild>;
  /** Opens the WhatsApp sessions of `numbers` on every WhatsApp account (a patient wrote first), so free text may go. */
  openWhatsAppSessions(numbers: string[]): Promise<void>;
  stop(): Promise<void>;
};

export type TWorldOptions = {
  /** Channels the lab sends on (all three by default). */
  channels?: Channel[];
  /** A provider call without an answer within this long is a timeout (PROVIDER_TIMEOUT_MS). */
  providerTimeoutMs?: number;
  /** Attempts on each account before the next one takes over. */
  maxAttempts?: number;
  /** Accounts that resend a message whose outcome a crash lost (duplicates allowed) rather than leave it for a person. */
  atLeastOnce?: boolean;
};

const PROVIDER_OF: Record<Channel, "twilio" | "resend"> = { SMS: "twilio", WHATSAPP: "twilio", EMAIL: "resend" };

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

function configFor(provider: "twilio" | "resend", channel: Channel): Record<string, string> {
  if (provider === "resend") return { apiKey: `re_${randomBytes(18).toString("base64url")}`, from: "lab@example.com", webhookSecret: `whsec_${randomBytes(24).toString("base64")}` };
  const from = channel === "WHATSAPP" ? "whatsapp:+14155550100" : "+14155550100";
  return { accountSid: `AC${randomBytes(16).toString("hex")}`, authToken: randomBytes(16).toString("hex"), from };
}

/** Starts the world; the caller's DATABASE_URL names a migrated database. */
export async function startWorld(options: TWorldOptions = {}): Promise<TWorld> {
  const channels = options.channels ?? (["SMS", "WHATSAPP", "EMAIL"] as Channel[]);
  const sim = await startSimulatorProcess();
  atExit(sim.stop);
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  const dataDir = mkdtempSync(join(tmpdir(), "herald-proof-"));
  atExit(async () => rmSync(dataDir, { recursive: true, force: true }));
  // One environment for the suite (which seals the accounts' credentials) and Herald's processes (which open them).
  Object.assign(process.env, {
    HERALD_BASE_URL: origin,
    HERALD_ENCRYPTION_KEY: process.env.HERALD_ENCRYPTION_KEY ?? randomBytes(32).toString("base64"),
    HERALD_SECRET: process.env.HERALD_SECRET ?? randomBytes(32).toString("base64url"),
    HERALD_DATA_DIR: dataDir,
    PROVIDER_SIMULATOR_URL: sim.origin,
    // The production default unless a suite says otherwise: a shorter one turns slow answers into resends.
    PROVIDER_TIMEOUT_MS: String(options.providerTimeoutMs ?? 10_000),
    JOBS_BACKEND: "local",
    JOBS_POLL_INTERVAL_MS: "100",
    LOG_LEVEL: process.env.LOG_LEVEL ?? "error",
  });
  (await import("@/server/env")).resetEnv();

  const { db } = await import("@/server/db");
  const { syncCatalogue } = await import("@/server/services/triggers/sync-catalogue");
  const { loadCatalogueFile } = await import("@/server/services/triggers/load-catalogue-file");
  const { createOrganization } = await import("@/server/services/organizations/create-organization");
  const { createLab } = await import("@/server/services/labs/create-lab");
  const { enableAllTriggers } = await import("@/server/services/triggers/enable-all-triggers");
  const { createApiKey } = await import("@/server/services/api-keys/create-api-key");
  const { createBusinessAccount } = await import("@/server/services/business-accounts/create-business-account");
  const { accountWebhookUrl } = await import("@/server/services/providers/provider-endpoints");

  await syncCatalogue(db(), await loadCatalogueFile());
  const slug = `proof-${randomBytes(4).toString("hex")}`;
  const organization = await createOrganization({ db: db(), principal: null, name: "Proof org", slug });
  // No quiet hours: the suites measure sending, not deferral.
  const lab = await createLab({ db: db(), principal: null, organizationId: organization.id, name: "Proof lab", slug, settings: { quietHoursStart: null, quietHoursEnd: null } });
  await enableAllTriggers(db(), lab.id);
  const { key: apiKey } = await createApiKey({ db: db(), principal: null, labId: lab.id, name: "proof", scope: "lab" });

  const accounts: TWorldAccount[] = [];
  for (const channel of channels) {
    for (const priority of [0, 1]) {
      const provider = PROVIDER_OF[channel];
      const config = configFor(provider, channel);
      const account = await createBusinessAccount({
        db: db(), principal: null, labId: lab.id, channel, provider, name: `${provider} ${channel} ${priority}`, config, priority,
        maxAttempts: options.maxAttempts ?? 4,
        atLeastOnce: options.atLeastOnce ?? false,
        // The simulator has no rate of its own: an account's rate must not be what a suite measures.
        sendRatePerSecond: 10_000,
      });
      const simulatorId = provider === "twilio" ? config.accountSid! : config.apiKey!;
      await sim.admin("POST", "/accounts", provider === "twilio"
        ? { provider, id: simulatorId, secret: config.authToken, webhookUrl: accountWebhookUrl("twilio", account.id) }
        : { provider, id: simulatorId, webhookUrl: accountWebhookUrl("resend", account.id), webhookSecret: config.webhookSecret });
      accounts.push({ id: account.id, provider, channel, priority, simulatorId, from: config.from!, config });
    }
  }

  const started = new Set<TStartedChild>();
  const start = async (args: string[], ready: RegExp) => {
    // Compiling and starting a process took over 2 minutes on two cores at load average 25.
    const child = await startChild(["--import", "tsx", ...args], ready, { env: { ...process.env, PORT: String(port) }, timeoutMs: 300_000 });
    started.add(child);
    child.child.once("exit", () => started.delete(child));
    return child;
  };
  return {
    sim,
    origin,
    labId: lab.id,
    apiKey,
    accounts,
    startServer: ({ executor = false } = {}) => start(["bench/proof/herald-server.ts", ...(executor ? ["--executor"] : [])], /^herald server on/),
    startExecutor: () => start(["bench/proof/herald-executor.ts"], /^executor ready/),
    async openWhatsAppSessions(numbers) {
      for (const account of accounts.filter((a) => a.channel === "WHATSAPP")) {
        for (const from of numbers) await sim.admin("POST", "/inbound", { provider: "twilio", account: account.simulatorId, from: `whatsapp:${from}`, to: account.from, body: "Hello" });
      }
    },
    async stop() {
      await Promise.all([...started].map((c) => stopChild(c.child)));
      await sim.stop();
    },
  };
}
