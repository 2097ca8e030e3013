// bench:peers as a function: the same N SMS through the same simulator (Twilio's API, no faults) at
// the same concurrency by (a) Herald end to end, durable: over HTTP into its outbox, dispatched by its
// executor; (b) notifme-sdk, not durable: each send a provider call from memory; (c) a bare HTTP
// client, the ceiling. notifme's own Twilio provider posts to api.twilio.com only (no base URL, no
// agent but a proxy's), so (b) runs notifme with a custom provider making the same form post to the
// simulator, with the same fetch as the ceiling's client. All three ask for delivery receipts, as
// Herald's adapter does: notifme's and the ceiling's sends carry a StatusCallback to a sink that
// answers 200 (a notifme user who wants receipts needs an endpoint), so the simulator signs and posts
// "sent" and "delivered" for every message of every peer, on the same cores. Each peer's CPU per
// message, per process and thread, counts from its first send until its last callback has gone.
import { loadavg } from "node:os";
import notifmeModule from "notifme-sdk";
import { heraldServerThreads, postgresPids, watchCpu } from "../cpu-split";
import { startCallbackSink } from "../simulator-process";
import { startWorld, type TWorld } from "./proof-world";
import { apiClient, proofItem, sendAll } from "./send-client";

export type TPeersOptions = { n: number; concurrency: number };

type TRate = { seconds: number; perSecond: number; failed: number };

const round = (x: number, digits = 1) => Number(x.toFixed(digits));

/** Runs `send(i)` for i < n, `concurrency` at a time; the rate and the failures. */
async function pool(n: number, concurrency: number, send: (i: number) => Promise<boolean>): Promise<TRate> {
  let next = 0;
  let failed = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (let i = next++; i < n; i = next++) if (!(await send(i))) failed += 1;
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  return { seconds: round(seconds, 2), perSecond: round(n / seconds), failed };
}

function twilioForm(to: string, body: string, from: string, statusCallback: string): URLSearchParams {
  return new URLSearchParams({ To: to, From: from, Body: body, StatusCallback: statusCallback });
}

async function herald(world: TWorld, n: number): Promise<TRate> {
  const { db } = await import("@/server/db");
  const items = Array.from({ length: n }, (_, i) => proofItem(i, `peers-${Date.now()}`, ["SMS"]));
  const started = performance.now();
  const sent = await sendAll(apiClient(world.origin, world.apiKey), world.labId, items, { batch: 100, concurrency: 2 });
  // Dispatched: every message handed to the provider (SENT or beyond), or failed. The lab sends nothing
  // else, so a LIMIT 1 probe of its queue tells; counting the N ids every 50 ms sent a statement with N
  // parameters twenty times a second, on the cores the server dispatches with.
  const queued = async () => (await db().message.findFirst({ where: { labId: world.labId, status: { in: ["QUEUED", "SENDING"] } }, select: { id: true } })) !== null;
  while (await queued()) await new Promise((resolve) => setTimeout(resolve, 50));
  const seconds = (performance.now() - started) / 1000;
  const failed = await db().message.count({ where: { id: { in: sent.messageIds }, status: "FAILED" } });
  return { seconds: round(seconds, 2), perSecond: round(n / seconds), failed };
}

export async function runPeers({ n, concurrency }: TPeersOptions) {
  const world = await startWorld({ channels: ["SMS"] });
  const sink = await startCallbackSink();
  try {
    const server = await world.startServer({ executor: true });
    // CPU per message of each part, from a phase's first send until its last callback has gone.
    const watch = async (heraldServer?: number) => {
      const pg = await postgresPids();
      return watchCpu({ simulator: world.sim.pid, "callback sink": sink.pid }, new Set(), [...pg.backends, ...pg.background], {
        selfLabels: { main: "bench main thread (the peer, or Herald's client)", executor: "", other: "bench other threads (GC, libuv)" },
        threaded: heraldServer ? [heraldServerThreads(heraldServer, { main: "Herald server main thread (intake, callbacks)", executor: "Herald executor threads (dispatching)", other: "Herald other threads (GC, compiler, libuv)" })] : [],
      });
    };
    const cpuOf = async (cpu: Awaited<ReturnType<typeof watch>>) => {
      const split = cpu.stop(n, await postgresPids());
      return { msPerMessage: split.msPerMessage, countedMsPerMessage: split.countedMsPerMessage };
    };
    const account = world.accounts.find((a) => a.channel === "SMS" && a.priority === 0)!;
    const url = `${world.sim.origin}/twilio/2010-04-01/Accounts/${account.config.accountSid}/Messages.json`;
    const authorization = `Basic ${Buffer.from(`${account.config.accountSid}:${account.config.authToken}`).toString("base64")}`;
    const text = (i: number) => proofItem(i, "peers", ["SMS"]);
    const toOf = (i: number) => (text(i).recipient as { phone: string }).phone;
    const body = "Your report is ready. Open it at https://results.example.test/r";
    // The receipts' endpoint of a notifme user or a bare client; one URL per message, as Herald's are.
    const receipts = (peer: string, i: number) => `${sink.origin}/receipts?m=${peer}-${i}`;
    // A phase's callbacks come after its last send: each phase starts once the last one's have gone, so none lands on the next.
    const callbacksDone = () => world.sim.admin("POST", "/callbacks/idle");
    const loadBefore = loadavg().map((l) => round(l, 2));

    // A CommonJS module with an ES default export: under Node's interop the class is its `default`.
    const NotifmeSdk = (notifmeModule as unknown as { default?: typeof notifmeModule }).default ?? notifmeModule;
    const notifme = new NotifmeSdk({
      channels: {
        sms: {
          multiProviderStrategy: "fallback",
          providers: [
            {
              type: "custom",
              id: "twilio-simulator",
              send: async (request: { id?: string; from: string; to: string; text: string }) => {
                const response = await fetch(url, { method: "POST", headers: { authorization, "content-type": "application/x-www-form-urlencoded" }, body: twilioForm(request.to, request.text, request.from, receipts("notifme", Number(request.id))).toString() });
                const answer = (await response.json()) as { sid?: string; message?: string };
                if (!response.ok || !answer.sid) throw new Error(answer.message ?? `HTTP ${response.status}`);
                return answer.sid;
              },
            },
          ],
        },
      },
    });
    const notifmeCpu = await watch();
    const notifmeRate = await pool(n, concurrency, async (i) => (await notifme.send({ metadata: { id: String(i) }, sms: { from: account.from, to: toOf(i), text: body } })).status === "success");
    await callbacksDone();
    const notifmeSplit = await cpuOf(notifmeCpu);
    const ceilingCpu = await watch();
    const ceiling = await pool(n, concurrency, async (i) => {
      const response = await fetch(url, { method: "POST", headers: { authorization, "content-type": "application/x-www-form-urlencoded" }, body: twilioForm(toOf(i), body, account.from, receipts("ceiling", i)).toString() });
      await response.arrayBuffer();
      return response.ok;
    });
    await callbacksDone();
    const ceilingSplit = await cpuOf(ceilingCpu);
    const heraldCpu = await watch(server.child.pid);
    const heraldRate = await herald(world, n);
    await callbacksDone();
    const heraldSplit = await cpuOf(heraldCpu);
    return {
      n,
      concurrency,
      herald: heraldRate,
      notifme: notifmeRate,
      bareHttp: ceiling,
      heraldOverNotifme: round(heraldRate.perSecond / notifmeRate.perSecond, 2),
      heraldOverCeiling: round(heraldRate.perSecond / ceiling.perSecond, 2),
      cpu: { herald: heraldSplit, notifme: notifmeSplit, bareHttp: ceilingSplit },
      loadAverage: { before: loadBefore, after: loadavg().map((l) => round(l, 2)) },
    };
  } finally {
    await sink.stop();
    await world.stop();
  }
}
