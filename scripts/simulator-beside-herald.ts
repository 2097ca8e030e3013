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

/** Registers every Twilio, Resend and SendGrid account Herald has with the simulator. */
export async function registerHeraldAccounts(sim: TSimulator, db: Db): Promise<number> {
  const accounts = await simulatorAccounts(db);
  for (const account of accounts) sim.accounts.register(account);
  return accounts.length;
}
