// The provider simulator beside Herald (the embedded default, the browser tests): started in the
// launching process, told the accounts Herald has, and named to Herald through PROVIDER_SIMULATOR_URL.
import type { Db } from "@/server/db";
import { simulatorAccounts } from "@/server/services/seed/simulator-accounts";
import { startSimulator, type TSimulator } from "../simulator/server";

export async function startSimulatorBesideHerald(port: number): Promise<TSimulator> {
  try {
    return await startSimulator({ port });
  } catch (error) {
    const busy = (error as { code?: string }).code === "EADDRINUSE";
    throw new Error(busy ? `the provider simulator's port ${port} is taken: set SIMULATOR_PORT to a free one` : `the provider simulator did not start: ${String(error)}`);
  }
}

/** Registers every account Herald has with a provider the simulator speaks. */
export async function registerHeraldAccounts(sim: TSimulator, db: Db): Promise<number> {
  const accounts = await simulatorAccounts(db);
  for (const account of accounts) sim.accounts.register(account);
  return accounts.length;
}

/** How often the simulator beside Herald looks for accounts added, changed or given a new webhook token. */
export const ACCOUNT_SYNC_MS = 3_000;

/**
 * Keeps the simulator told of Herald's accounts while Herald runs: a lab admin who adds a Bevatel
 * account in the dashboard, or rotates a token-addressed account's webhook URL, gets callbacks at the
 * new URL within ACCOUNT_SYNC_MS, as the real provider would once the URL is pasted in its console.
 */
export function keepHeraldAccountsRegistered(sim: TSimulator, db: Db, intervalMs = ACCOUNT_SYNC_MS): { stop(): Promise<void> } {
  let running: Promise<unknown> = Promise.resolve();
  let warned = false;
  const timer = setInterval(() => {
    running = running.then(() =>
      registerHeraldAccounts(sim, db).catch((error: unknown) => {
        // The database restarting or going away at shutdown: said once, tried again at the next tick.
        if (!warned) console.warn(`Herald: could not refresh the provider simulator's accounts: ${String(error)}`);
        warned = true;
      }),
    );
  }, intervalMs);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
