// The webhook half of bench:fuzz: forged, tampered, replayed and stale callbacks to every provider's
// route must change nothing (and forged ones to a signing provider must be refused).
import { randomBytes, randomUUID } from "node:crypto";
import fc from "fast-check";
import { PROVIDER_IDS } from "@/server/providers/registry";
import { resendCallback, twilioCallback, type TSentMessage, type TSignedCallback } from "../webhook-callbacks";
import type { TResendBenchConfig, TTwilioBenchConfig } from "../provider-accounts";
import { changedTables, dbFingerprint } from "./db-fingerprint";
import { thrownFailure, type TFuzzFailure } from "./fuzz-procedures";
import type { TWorld, TWorldAccount } from "./proof-world";

type TAnswer = { status: number; body: string };

async function post(origin: string, call: TSignedCallback): Promise<TAnswer> {
  const response = await fetch(`${origin}${call.path}`, { method: "POST", headers: call.headers, body: call.body });
  return { status: response.status, body: await response.text() };
}

/** A message SENT through the account, as dispatch leaves it, for callbacks to name. */
async function sentMessage(world: TWorld, account: TWorldAccount): Promise<TSentMessage> {
  const { db } = await import("@/server/db");
  const message: TSentMessage = {
    id: randomUUID(),
    providerMessageId: account.provider === "twilio" ? `SM${randomBytes(16).toString("hex")}` : randomUUID(),
    to: account.provider === "twilio" ? "+966501234565" : "patient@example.test",
  };
  await db().message.create({
    data: {
      id: message.id, labId: world.labId, channel: account.channel, triggerKey: "REPORT_READY", category: "results", status: "SENT", to: message.to,
      body: "Your report is ready.", businessAccountId: account.id, provider: account.provider, providerMessageId: message.providerMessageId, attempts: 1, sentAt: new Date(),
    },
  });
  return message;
}

function signed(world: TWorld, account: TWorldAccount, message: TSentMessage, at?: number): TSignedCallback {
  return account.provider === "twilio"
    ? twilioCallback(world.origin, account.id, account.config as TTwilioBenchConfig, message, "delivered")
    : resendCallback(account.id, account.config as TResendBenchConfig, message, "email.delivered", at);
}

/** One part of a signed callback changed: a body character, a parameter, a header. */
function tamper(call: TSignedCallback, position: number, replacement: string): TSignedCallback {
  const at = position % Math.max(1, call.body.length);
  const changed = call.body.slice(0, at) + replacement + call.body.slice(at + 1);
  return { ...call, body: changed === call.body ? `${call.body}${replacement}x` : changed };
}

export async function fuzzWebhooks(world: TWorld, { runs, seed }: { runs: number; seed: number }): Promise<{ calls: number; failures: TFuzzFailure[] }> {
  const failures: TFuzzFailure[] = [];
  let calls = 0;
  const signing = world.accounts.filter((a) => a.priority === 0);
  const expect = async (target: string, caller: string, call: TSignedCallback, refused: boolean): Promise<boolean> => {
    const input = `${call.path} ${call.body.slice(0, 200)}`;
    try {
      const before = await dbFingerprint();
      const answer = await post(world.origin, call);
      calls += 1;
      const changed = changedTables(before, await dbFingerprint());
      const problem =
        answer.status >= 500 ? `HTTP ${answer.status}` : refused && answer.status < 400 ? `accepted with ${answer.status}` : changed.length > 0 ? `wrote to ${changed.join(", ")}` : null;
      if (problem) failures.push({ target, caller, input, status: answer.status, problem, answer: answer.body.slice(0, 200) });
      return problem === null;
    } catch (error) {
      // A call that never got an answer (or a check that could not run) is a finding, not a lost run.
      failures.push(thrownFailure(target, caller, input, error));
      return false;
    }
  };
  const check = (property: fc.IAsyncProperty<never> | fc.IAsyncPropertyWithHooks<never>) => fc.check(property as fc.IAsyncProperty<unknown>, { numRuns: runs, seed, endOnFailure: true });

  for (const account of signing) {
    const route = `${account.provider} webhook`;
    // Forged: any body, any signature headers, to a real account's URL.
    await check(
      fc.asyncProperty(fc.string({ maxLength: 300 }), fc.string({ maxLength: 60 }), fc.string({ maxLength: 20 }), async (body, signature, id) => {
        const headers: Record<string, string> = account.provider === "twilio"
          ? { "content-type": "application/x-www-form-urlencoded", "x-twilio-signature": signature }
          : { "content-type": "application/json", "svix-id": id, "svix-timestamp": String(Math.floor(Date.now() / 1000)), "svix-signature": `v1,${signature}` };
        return expect(route, "forged", { path: `/api/webhooks/${account.provider}/${account.id}`, headers, body }, true);
      }) as never,
    );
    // Tampered: a correctly signed callback with one character changed.
    const target = await sentMessage(world, account);
    await check(
      fc.asyncProperty(fc.nat(), fc.constantFrom("0", "=", "&", "%", "x", "}"), async (position, replacement) => expect(route, "tampered", tamper(signed(world, account, target), position, replacement), true)) as never,
    );
    // Stale (Resend signs a timestamp; Svix refuses one more than five minutes off either way).
    if (account.provider === "resend") {
      await check(
        fc.asyncProperty(fc.integer({ min: 301, max: 30 * 24 * 3600 }), fc.boolean(), async (seconds, future) =>
          expect(route, "stale", signed(world, account, target, Date.now() + (future ? 1 : -1) * seconds * 1000), true),
        ) as never,
      );
    }
    // Replayed: applied once, then the same request again changes nothing.
    const replayed = await sentMessage(world, account);
    const original = signed(world, account, replayed);
    const first = await post(world.origin, original);
    calls += 1;
    if (first.status !== 200) failures.push({ target: route, caller: "original", input: original.body.slice(0, 200), status: first.status, problem: "a correctly signed callback was not applied", answer: first.body.slice(0, 200) });
    await check(fc.asyncProperty(fc.constant(original), async (call) => expect(route, "replayed", call, false)) as never);
  }
  // Every provider's route, with accounts that exist or not, and anything as a body: no 5xx, no write.
  const accountIds = [...world.accounts.map((a) => a.id), "unknown-account", ""];
  await check(
    fc.asyncProperty(fc.constantFrom(...PROVIDER_IDS, "nobody"), fc.constantFrom(...accountIds), fc.option(fc.string({ maxLength: 40 })), fc.string({ maxLength: 400 }), fc.constantFrom("application/json", "application/x-www-form-urlencoded", "text/plain"), async (provider, accountId, token, body, type) =>
      expect(`${provider} webhook`, "anyone", { path: `/api/webhooks/${provider}/${encodeURIComponent(accountId || "x")}${token ? `/${encodeURIComponent(token)}` : ""}`, headers: { "content-type": type }, body }, false),
    ) as never,
  );
  return { calls, failures };
}
