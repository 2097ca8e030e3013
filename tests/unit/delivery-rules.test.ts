import { describe, expect, it } from "vitest";
import type { MessageStatus } from "@/generated/prisma/enums";
import { STATUS_RANK } from "@/server/domain/notifications";
import type { TChainAccount } from "@/server/services/business-accounts/load-account-chains";
import { allowedPredecessors, canTransition } from "@/server/services/delivery/can-transition";
import { planDispatchOutcome, type TAttemptResult } from "@/server/services/delivery/plan-dispatch-outcome";

const ALL = Object.keys(STATUS_RANK) as MessageStatus[];

describe("canTransition", () => {
  it("moves forward along queued < sending < sent < delivered < read", () => {
    const path: MessageStatus[] = ["SCHEDULED", "QUEUED", "SENDING", "SENT", "DELIVERED", "READ"];
    for (const [i, from] of path.entries()) {
      for (const [j, to] of path.entries()) expect(canTransition(from, to), `${from} -> ${to}`).toBe(j > i && from !== "READ");
    }
  });

  it("never leaves a terminal status, and a repeat is no change", () => {
    for (const from of ["SKIPPED", "READ", "UNDELIVERED", "FAILED", "CANCELLED"] as const) {
      for (const to of ALL) expect(canTransition(from, to), `${from} -> ${to}`).toBe(false);
    }
    for (const status of ALL) expect(canTransition(status, status)).toBe(false);
  });

  it("takes a failure only before delivery: an undelivered report after delivered is stale", () => {
    expect(canTransition("SENT", "UNDELIVERED")).toBe(true);
    expect(canTransition("SENDING", "FAILED")).toBe(true);
    expect(canTransition("DELIVERED", "UNDELIVERED")).toBe(false);
    expect(canTransition("DELIVERED", "FAILED")).toBe(false);
  });

  it("cancels or skips only what no provider was handed", () => {
    expect(allowedPredecessors("CANCELLED")).toEqual(["SCHEDULED", "QUEUED"]);
    expect(allowedPredecessors("SKIPPED")).toEqual(["SCHEDULED", "QUEUED"]);
    expect(allowedPredecessors("DELIVERED")).toEqual(["SCHEDULED", "QUEUED", "SENDING", "SENT"]);
  });
});

describe("planDispatchOutcome", () => {
  const account = (id: string, maxAttempts = 3): TChainAccount => ({ id, labId: "lab", channel: "SMS", provider: "sandbox", maxAttempts, atLeastOnce: false, sendRatePerSecond: null, configEnc: "" });
  const now = new Date("2026-03-01T10:00:00Z");
  const plan = (attempt: TAttemptResult, attempts: number, failoverTo: TChainAccount | null = null) =>
    planDispatchOutcome({ message: { id: "m", labId: "lab", attempts, businessAccountId: "a" }, attempt, failoverTo, now, random: () => 1 });
  const retryable = { kind: "retryable" as const, scope: "account" as const, code: "provider_unavailable", message: "503" };

  it("retries on the same account with exponential backoff until its attempts are spent", () => {
    expect(plan({ kind: "error", account: account("a"), error: retryable }, 1)).toMatchObject({ status: "QUEUED", businessAccountId: "a", nextAttemptAt: new Date(now.getTime() + 5_000) });
    expect(plan({ kind: "error", account: account("a"), error: retryable }, 2)).toMatchObject({ nextAttemptAt: new Date(now.getTime() + 10_000) });
    expect(plan({ kind: "error", account: account("a"), error: { ...retryable, retryAfterMs: 60_000 } }, 1)).toMatchObject({ nextAttemptAt: new Date(now.getTime() + 60_000) });
    expect(plan({ kind: "error", account: account("a"), error: retryable }, 3, account("b"))).toMatchObject({
      status: "QUEUED", businessAccountId: "b", attempts: 0, event: { type: "failover", detail: { from: "a", to: "b" } },
    });
    expect(plan({ kind: "error", account: account("a"), error: retryable }, 3)).toMatchObject({ status: "FAILED", errorCode: "provider_unavailable" });
  });

  it("fails a recipient's permanent error at once, and fails over an account's", () => {
    const invalid = { kind: "permanent" as const, scope: "recipient" as const, code: "invalid_number", message: "bad" };
    expect(plan({ kind: "error", account: account("a"), error: invalid }, 1, account("b"))).toMatchObject({ status: "FAILED", errorCode: "invalid_number" });
    const credentials = { kind: "permanent" as const, scope: "account" as const, code: "bad_credentials", message: "401" };
    expect(plan({ kind: "error", account: account("a"), error: credentials }, 1, account("b"))).toMatchObject({ status: "QUEUED", businessAccountId: "b" });
  });

  it("fails with no_business_account when the lab has no account and there is no platform default", () => {
    expect(plan({ kind: "no_account" }, 1)).toMatchObject({ status: "FAILED", errorCode: "no_business_account", event: { type: "failed" } });
  });
});
