// One proof run: N items over HTTP to Herald, then the drain, then the figures. The suites differ in
// the faults they set and in what they do to Herald's processes while it runs (`during`).
import { loadavg } from "node:os";
import type { Channel } from "@/generated/prisma/enums";
import { apiClient, channelsInOrder, proofItem, sendAll, whatsappPool, type TSendRun } from "./send-client";
import { settledReport, waitUntilSettled, type TSettledReport } from "./settle";
import type { TWorld } from "./proof-world";

export type TLoadOptions = {
  world: TWorld;
  n: number;
  runId: string;
  channels: Channel[];
  /** How long the drain may take before what is left counts as lost. */
  drainTimeoutMs: number;
  batch?: number;
  concurrency?: number;
  /** Runs beside the sending and the drain (kills, outages); awaited before the figures are read. */
  during?: (sending: Promise<TSendRun>) => Promise<unknown>;
};

export type TLoadReport = TSettledReport & {
  n: number;
  acceptSeconds: number;
  /** Batches sent again because their answer was lost. */
  batchesResent: number;
  skipped: number;
  /** From the first send to the last message settled; null when the drain timed out. */
  drainSeconds: number | null;
  loadAverage: { before: number[]; after: number[] };
};

const round2 = (x: number) => Number(x.toFixed(2));

export async function runLoad({ world, n, runId, channels, drainTimeoutMs, batch, concurrency, during }: TLoadOptions): Promise<TLoadReport> {
  const loadBefore = loadavg().map(round2);
  const ordered = channelsInOrder(channels);
  if (ordered.includes("WHATSAPP")) await world.openWhatsAppSessions(whatsappPool());
  const client = apiClient(world.origin, world.apiKey);
  const items = Array.from({ length: n }, (_, i) => proofItem(i, runId, ordered));
  const started = performance.now();
  const sending = sendAll(client, world.labId, items, { batch, concurrency });
  const beside = during?.(sending);
  const sent = await sending;
  const drained = await waitUntilSettled(sent.messageIds, Math.max(0, drainTimeoutMs - (performance.now() - started)));
  await beside;
  const report = await settledReport(sent.messageIds, world.sim);
  return {
    n,
    acceptSeconds: round2(sent.seconds),
    batchesResent: sent.resent,
    skipped: sent.skipped,
    drainSeconds: drained === null ? null : round2((performance.now() - started) / 1000),
    ...report,
    loadAverage: { before: loadBefore, after: loadavg().map(round2) },
  };
}
