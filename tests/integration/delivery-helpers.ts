// Shared set-up of the delivery tests: a lab with sandbox accounts, and QUEUED messages written
// straight into the outbox (as the send flow would), so delivery is tested on its own.
import type { Channel, MessageStatus } from "@/generated/prisma/enums";
import { expect } from "vitest";
import { db } from "@/server/db";
import { AppError } from "@/server/errors";
import { createBusinessAccount } from "@/server/services/business-accounts/create-business-account";
import { dispatchMessages } from "@/server/services/delivery/dispatch-messages";
import type { TDispatchGroup } from "@/server/services/delivery/enqueue-dispatch";
import type { TSandboxRule } from "@/server/providers/sandbox/sandbox-config";
import { makeOrgWithLabs, uniq } from "../helpers/fixtures";

export type TAccountSpec = { channel: Channel; rules?: TSandboxRule[]; priority?: number; maxAttempts?: number; lateDeliveryMs?: number; from?: string };

/** A lab of its own with the given sandbox accounts (one per channel, delivering, by default). */
export async function makeDeliveryLab(accounts: TAccountSpec[] = CHANNEL_ACCOUNTS) {
  const { organization, labs } = await makeOrgWithLabs(1);
  const lab = labs[0]!;
  const created = [];
  for (const [i, spec] of accounts.entries()) {
    const config = { from: spec.from ?? `acct-${i}`, rules: spec.rules ?? [], ...(spec.lateDeliveryMs !== undefined && { lateDeliveryMs: spec.lateDeliveryMs }) };
    created.push(
      await createBusinessAccount({
        db: db(), principal: null, labId: lab.id, channel: spec.channel, provider: "sandbox", name: `sandbox ${i}`, config,
        priority: spec.priority ?? i, maxAttempts: spec.maxAttempts,
      }),
    );
  }
  return { lab: { ...lab, organizationId: organization.id }, accounts: created };
}

const CHANNEL_ACCOUNTS: TAccountSpec[] = [{ channel: "SMS" }, { channel: "WHATSAPP" }, { channel: "EMAIL" }];

/** A number no other test uses, ending in `suffix` (the sandbox's outcome conventions read the last 4 digits). */
export function phone(suffix = "5678"): string {
  const digits = [...uniq()].map((c) => (parseInt(c, 16) % 10).toString()).join("");
  return `+9665${digits.slice(0, 4)}${suffix}`;
}

export function email(localPart = "patient"): string {
  return `${localPart}+${uniq()}@example.test`;
}

export type TMessageSpec = {
  channel?: Channel;
  to?: string;
  status?: MessageStatus;
  sendAt?: Date;
  body?: string;
  templateVersionId?: string;
  variables?: Record<string, unknown>;
  triggerKey?: string;
  contactId?: string;
  category?: string;
  critical?: boolean;
};

/** Messages as the send flow writes them (QUEUED with rendered content), with their "queued" events. */
export async function insertMessages(labId: string, specs: TMessageSpec[]): Promise<string[]> {
  const ids: string[] = [];
  for (const spec of specs) {
    const channel = spec.channel ?? "SMS";
    const message = await db().message.create({
      data: {
        labId, channel, triggerKey: spec.triggerKey ?? "REPORT_READY", category: spec.category ?? "results", status: spec.status ?? "QUEUED",
        contactId: spec.contactId, critical: spec.critical ?? false,
        to: spec.to ?? (channel === "EMAIL" ? email() : phone()), sendAt: spec.sendAt, templateVersionId: spec.templateVersionId,
        body: channel === "EMAIL" ? null : (spec.body ?? "Your report R-1 is ready."),
        subject: channel === "EMAIL" ? "Report R-1" : null,
        html: channel === "EMAIL" ? "<p>Your report R-1 is ready.</p>" : null,
        text: channel === "EMAIL" ? "Your report R-1 is ready." : null,
        variables: (spec.variables ?? { patientName: "Sara", reportId: "R-1" }) as object,
        events: { create: { labId, type: "queued", status: spec.status ?? "QUEUED", source: "api" } },
      },
      select: { id: true },
    });
    ids.push(message.id);
  }
  return ids;
}

export type TDispatchRun = Awaited<ReturnType<typeof dispatchMessages>> & { scheduled: TDispatchGroup[] };

/**
 * Dispatches as a worker would, with its own worker id. What dispatch would queue next is captured
 * rather than written as jobs: test files share the database, and another file's executor must not
 * run this file's follow-ups.
 */
export async function dispatch(messageIds: string[], options: { now?: Date; staleClaimMs?: number; workerId?: string } = {}): Promise<TDispatchRun> {
  const scheduled: TDispatchGroup[] = [];
  const summary = await dispatchMessages({
    db: db(),
    messageIds,
    workerId: options.workerId ?? `test-worker-${uniq()}`,
    ...options,
    schedule: async (groups) => {
      scheduled.push(...groups);
    },
  });
  return { ...summary, scheduled };
}

/** Plays the job runner: dispatches, then runs each follow-up at its runAt (by the clock, not by waiting), until none is left. */
export async function settle(messageIds: string[], now = new Date()): Promise<TDispatchRun[]> {
  const runs: TDispatchRun[] = [];
  let pending: TDispatchGroup[] = [{ labId: "", businessAccountId: null, messageIds }];
  let clock = now;
  while (pending.length > 0) {
    const [group, ...rest] = pending;
    // A job runs when due, and never at the very instant of the run that queued it.
    if (runs.length > 0) clock = new Date(Math.max(clock.getTime() + 1_000, group!.runAt?.getTime() ?? 0));
    const run = await dispatch(group!.messageIds, { now: clock });
    runs.push(run);
    pending = [...rest, ...run.scheduled];
    if (runs.length > 50) throw new Error("settle: dispatch did not settle within 50 runs");
  }
  return runs;
}

export async function statusesOf(ids: string[]): Promise<MessageStatus[]> {
  const rows = await db().message.findMany({ where: { id: { in: ids } }, select: { id: true, status: true } });
  const byId = new Map(rows.map((r) => [r.id, r.status]));
  return ids.map((id) => byId.get(id)!);
}

export async function timeline(messageId: string) {
  return db().messageEvent.findMany({ where: { messageId }, orderBy: [{ createdAt: "asc" }, { id: "asc" }], select: { type: true, status: true, source: true, detail: true } });
}

/** Awaits a service call that must fail with an AppError of this code (and message). */
export async function expectAppError(promise: Promise<unknown>, code: string, message?: RegExp): Promise<void> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  expect((error as AppError).code).toBe(code);
  if (message) expect((error as AppError).message).toMatch(message);
}

/** Runs `run` with provider calls cut off after `ms` (PROVIDER_TIMEOUT_MS), then restores the default. */
export async function withProviderTimeout(ms: number, run: () => Promise<void>): Promise<void> {
  process.env.PROVIDER_TIMEOUT_MS = String(ms);
  const { resetEnv } = await import("@/server/env");
  resetEnv();
  try {
    await run();
  } finally {
    delete process.env.PROVIDER_TIMEOUT_MS;
    resetEnv();
  }
}
