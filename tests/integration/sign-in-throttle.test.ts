import { describe, expect, it } from "vitest";
import { db } from "@/server/db";
import { auth } from "@/server/auth/auth";
import { PEER_ADDRESS_HEADER } from "@/server/auth/client-address";
import { beginSignInAttempt, refundSignInAttempt, THROTTLE_POLICY, throttleKeys, type TThrottleKeys } from "@/server/auth/sign-in-throttle";
import { makeUser, uniq } from "../helpers/fixtures";

const { account, ip } = THROTTLE_POLICY;
const at = (start: Date, ms: number) => new Date(start.getTime() + ms);
const rowOf = (key: string) => db().signInThrottle.findUnique({ where: { key } });
/** A fresh address per test: files and tests share one database. */
const newIp = () => `10.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}-${uniq()}`;

async function attempts(keys: TThrottleKeys, count: number, now: Date) {
  const results = [];
  for (let i = 0; i < count; i++) results.push(await beginSignInAttempt(db(), keys, now));
  return results;
}

describe("sign-in throttle (database)", () => {
  it("keys accounts by lower-cased address and clients by address", () => {
    expect(throttleKeys("  Sara@Example.TEST ", "203.0.113.9")).toEqual({ account: "email:sara@example.test", ip: "ip:203.0.113.9" });
    expect(throttleKeys(undefined, null)).toEqual({ account: null, ip: null });
  });

  it("lets an account fail a few times, then backs off, doubling up to a short cap, never a permanent lock", async () => {
    const keys = throttleKeys(`victim-${uniq()}@example.test`, null);
    const start = new Date();
    expect((await attempts(keys, account.free + 1, start)).every((d) => d.allowed)).toBe(true);
    expect(await beginSignInAttempt(db(), keys, start)).toEqual({ allowed: false, retryAfterSeconds: 1 });

    // Each failure after the lock ends doubles the next lock, up to the cap.
    let now = start;
    const locks: number[] = [];
    for (let i = 0; i < 10; i++) {
      const row = (await rowOf(keys.account!))!;
      now = row.lockedUntil!;
      expect((await beginSignInAttempt(db(), keys, now)).allowed).toBe(true);
      locks.push((await rowOf(keys.account!))!.lockedUntil!.getTime() - now.getTime());
    }
    expect(locks.slice(0, 6)).toEqual([2_000, 4_000, 8_000, 16_000, 32_000, 60_000]);
    expect(Math.max(...locks)).toBe(account.capMs);
    // After a quiet spell the count starts again.
    expect(await beginSignInAttempt(db(), keys, at(now, THROTTLE_POLICY.quietMs + account.capMs))).toEqual({ allowed: true });
    expect((await rowOf(keys.account!))!.failures).toBe(1);
  });

  it("does not hold a locked account against a client that has not been failing; a success clears the account", async () => {
    const email = `owner-${uniq()}@example.test`;
    const attacker = throttleKeys(email, newIp());
    const now = new Date();
    await attempts(attacker, account.free + 1, now);
    expect((await beginSignInAttempt(db(), attacker, now)).allowed).toBe(false);

    const owner = throttleKeys(email, newIp());
    expect(await beginSignInAttempt(db(), owner, now)).toEqual({ allowed: true });
    await refundSignInAttempt(db(), owner);
    expect(await rowOf(owner.account!)).toBeNull();
    expect((await rowOf(owner.ip!))!.failures).toBe(0);
    // The refund left the owner's address clean: the next time it is let through again.
    expect(await beginSignInAttempt(db(), attacker, now)).toEqual({ allowed: true });
  });

  it("locks a client that fails across many accounts, and only that client", async () => {
    const address = newIp();
    const now = new Date();
    for (let i = 0; i <= ip.free; i++) expect((await beginSignInAttempt(db(), throttleKeys(`spray-${i}-${uniq()}@example.test`, address), now)).allowed).toBe(true);
    const refused = await beginSignInAttempt(db(), throttleKeys(`spray-last-${uniq()}@example.test`, address), now);
    expect(refused).toEqual({ allowed: false, retryAfterSeconds: 1 });
    expect(await beginSignInAttempt(db(), throttleKeys(`spray-last-${uniq()}@example.test`, newIp()), now)).toEqual({ allowed: true });
  });

  it("decides each attempt in one statement: parallel attempts cannot all slip past the limit", async () => {
    const keys = throttleKeys(`burst-${uniq()}@example.test`, null);
    const now = new Date();
    const decisions = await Promise.all(Array.from({ length: 20 }, () => beginSignInAttempt(db(), keys, now)));
    expect(decisions.filter((d) => d.allowed)).toHaveLength(account.free + 1);
    expect((await rowOf(keys.account!))!.failures).toBe(account.free + 1);
  });

  it("deletes buckets that have been quiet and unlocked for the quiet period", async () => {
    const stale = `email:stale-${uniq()}@example.test`;
    const long = new Date(Date.now() - THROTTLE_POLICY.quietMs - 60_000);
    await db().signInThrottle.create({ data: { key: stale, failures: 3, windowStart: long, updatedAt: long } });
    await beginSignInAttempt(db(), throttleKeys(`other-${uniq()}@example.test`, null));
    expect(await rowOf(stale)).toBeNull();
  });
});

describe("sign-in through better-auth", () => {
  /** A sign-in as the login form posts it, with the headers the server would have. */
  const signIn = (email: string, password: string, address: string, extra: Record<string, string> = {}) =>
    auth().handler(
      new Request("http://localhost:3000/api/auth/sign-in/email", {
        method: "POST",
        body: JSON.stringify({ email, password }),
        headers: { "content-type": "application/json", origin: "http://localhost:3000", [PEER_ADDRESS_HEADER]: address, ...extra },
      }),
    );

  it("answers 429 with X-Retry-After once an account is throttled, lets its owner in from a clean address, and clears it", async () => {
    const { user, password } = await makeUser();
    const attacker = `198.51.100.${Math.floor(Math.random() * 250)}`;
    for (let i = 0; i < 2; i++) expect((await signIn(user.email, "wrong-password-1", attacker)).status).toBe(401);
    const key = `email:${user.email.toLowerCase()}`;
    expect((await rowOf(key))!.failures).toBe(2);
    // Each sign-in takes a while (scrypt): the rest of an attack's failures, and its lock still running, are written directly.
    await db().signInThrottle.update({ where: { key }, data: { failures: account.free + 1, lockedUntil: new Date(Date.now() + 30_000) } });
    const limited = await signIn(user.email, password, attacker);
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get("x-retry-after"))).toBeGreaterThanOrEqual(25);

    const owner = await signIn(user.email.toUpperCase(), password, "192.0.2.77");
    expect(owner.status).toBe(200);
    expect(await rowOf(key)).toBeNull();
  });

  it("ignores X-Forwarded-For without a trusted proxy: a client cannot pick another address to dodge its own lock", async () => {
    const address = `203.0.113.${Math.floor(Math.random() * 250)}`;
    const email = `nobody-${uniq()}@example.test`;
    for (let i = 0; i < 3; i++) expect((await signIn(email, "wrong-password-1", address, { "x-forwarded-for": `192.0.2.${i}` })).status).toBe(401);
    expect((await rowOf(`ip:${address}`))!.failures).toBe(3);
    expect(await rowOf("ip:192.0.2.1")).toBeNull();
  });
});
