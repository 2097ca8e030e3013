import type { SqlRunner } from "@/server/db/sql-runner";
import type { TJobHandOff } from "@/server/jobs/trigger-job";

export type TCampaignRun = { campaignId: string; labId: string; runAt?: Date };

/**
 * How a campaign's next step gets run: the run-campaign job (src/server/jobs/definitions/run-campaign.ts),
 * installed at start-up. Each step accepts what the lab's campaign pace allows and asks for the next.
 */
export type TCampaignLanePort = {
  scheduleInTransaction(tx: SqlRunner, run: TCampaignRun): Promise<TJobHandOff>;
  schedule(run: TCampaignRun): Promise<void>;
};

const globalForPort = globalThis as unknown as { heraldCampaignLanePort?: TCampaignLanePort };

export function setCampaignLanePort(port: TCampaignLanePort): void {
  globalForPort.heraldCampaignLanePort = port;
}

export function campaignLane(): TCampaignLanePort {
  const port = globalForPort.heraldCampaignLanePort;
  if (!port) throw new Error("no campaign lane installed: call installJobPorts() (src/server/jobs/install-job-ports.ts) when the process starts");
  return port;
}
