// The lab platform's side of the proof suites: items sent over HTTP with notifications.sendMany and
// an API key, each item with an idempotency key of its own, as a careful client sends. A batch whose
// answer is lost (the server killed, a refused connection, a 5xx) is sent again with the same keys
// until it is answered, so what the client was told is queued is exactly what Herald took.
import { createTRPCClient, httpLink, TRPCClientError } from "@trpc/client";
import superjson from "superjson";
import type { Channel } from "@/generated/prisma/enums";
import type { AppRouter } from "@/server/api/root";
import type { TSendItemInput } from "@/server/domain/send";

export function apiClient(origin: string, apiKey: string) {
  return createTRPCClient<AppRouter>({ links: [httpLink({ url: `${origin}/api/trpc`, transformer: superjson, headers: { authorization: `Bearer ${apiKey}` } })] });
}

const CHANNEL_ORDER: Channel[] = ["SMS", "WHATSAPP", "EMAIL"];
/** WhatsApp patients come from a small pool whose sessions the suite opens first (free text needs one). */
export const WHATSAPP_POOL = 20;

/** The WhatsApp numbers of the pool, as a patient writes from them. */
export const whatsappPool = (): string[] => Array.from({ length: WHATSAPP_POOL }, (_, i) => `+96655${String(i).padStart(6, "0")}5`);

/** Item n: a new patient per SMS and email (numbers ending in 5: no simulator convention applies), one of the pool on WhatsApp. */
export function proofItem(n: number, runId: string, channels: Channel[]): TSendItemInput {
  const channel = channels[n % channels.length]!;
  const id = String(n).padStart(7, "0");
  const recipient =
    channel === "WHATSAPP"
      ? { externalId: `proof-wa-${n % WHATSAPP_POOL}`, name: `Patient wa ${n % WHATSAPP_POOL}`, whatsapp: whatsappPool()[n % WHATSAPP_POOL]! }
      : { externalId: `proof-${id}`, name: `Patient ${id}`, phone: `+96650${id.slice(1)}5`, email: `patient-${id}@example.test` };
  return {
    trigger: "REPORT_READY",
    recipient,
    channels: [channel],
    variables: { patientName: recipient.name, labName: "Proof lab", reportUrl: `https://results.example.test/${id}` },
    idempotencyKey: `proof-${runId}-${id}`,
  };
}

export const channelsInOrder = (channels: Channel[]) => CHANNEL_ORDER.filter((c) => channels.includes(c));

export type TSendRun = { messageIds: string[]; skipped: number; resent: number; seconds: number };

/**
 * Sends items 0..n-1 in batches of `batch`, `concurrency` batches at once; returns the queued
 * messages' ids. A batch is sent again (same keys) after any failure but a refusal (4xx), which ends the run.
 */
export async function sendAll(client: ReturnType<typeof apiClient>, labId: string, items: TSendItemInput[], { batch = 100, concurrency = 2 } = {}): Promise<TSendRun> {
  const messageIds: string[] = [];
  let skipped = 0;
  let resent = 0;
  let next = 0;
  const started = performance.now();
  const batches: TSendItemInput[][] = [];
  for (let start = 0; start < items.length; start += batch) batches.push(items.slice(start, start + batch));
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (let b = next++; b < batches.length; b = next++) {
        for (;;) {
          try {
            const result = await client.notifications.sendMany.mutate({ labId, items: batches[b]! });
            for (const item of result.items) {
              for (const c of item.channels) {
                if (c.status === "skipped") skipped += 1;
                else messageIds.push(c.messageId);
              }
            }
            break;
          } catch (error) {
            const status = error instanceof TRPCClientError ? (error.data as { httpStatus?: number } | undefined)?.httpStatus : undefined;
            if (status !== undefined && status >= 400 && status < 500 && status !== 429) throw error;
            resent += 1;
            await new Promise((resolve) => setTimeout(resolve, 200));
          }
        }
      }
    }),
  );
  return { messageIds, skipped, resent, seconds: (performance.now() - started) / 1000 };
}
