import { describe, expect, it } from "vitest";
import { db } from "@/server/db";
import { expireSendRequestsJob } from "@/server/jobs/definitions/expire-send-requests";
import { expireSendRequests } from "@/server/services/notifications/expire-send-requests";
import { uniq } from "../helpers/fixtures";
import { captureLogger, useOwnDatabase } from "./jobs-helpers";
import { makeSendingLab, makeTrigger, newRecipient, VARIABLES } from "./notifications-helpers";

// Its own database: the sweep deletes every lab's old records, and the count below is exact.
useOwnDatabase("herald_expire_keys");

const DAY = 24 * 60 * 60_000;

describe("expiring idempotency records", () => {
  it("deletes records past 24 hours and keeps fresh ones replaying", async () => {
    const { labId, api } = await makeSendingLab();
    const trigger = await makeTrigger({ enableFor: [labId], channels: ["SMS"] });
    // One patient per key: a key replays only the request it was first used for.
    const recipients = new Map<string, ReturnType<typeof newRecipient>>();
    const recipientFor = (key: string) => recipients.get(key) ?? recipients.set(key, newRecipient()).get(key)!;
    const send = (idempotencyKey: string) => api.notifications.send({ labId, trigger, recipient: recipientFor(idempotencyKey), variables: VARIABLES, idempotencyKey });
    const [oldKey, freshKey] = [`old-${uniq()}`, `fresh-${uniq()}`];
    await send(oldKey);
    const fresh = await send(freshKey);
    await db().sendRequest.updateMany({ where: { labId, idempotencyKey: oldKey }, data: { createdAt: new Date(Date.now() - DAY - 1_000) } });

    expect(await expireSendRequests({ db: db() })).toBe(1);
    expect((await db().sendRequest.findMany({ where: { labId }, select: { idempotencyKey: true } })).map((r) => r.idempotencyKey)).toEqual([freshKey]);
    expect(await send(freshKey)).toEqual({ ...fresh, replayed: true });
  });

  it("runs hourly as a job that reports what it deleted", async () => {
    const { logger, lines } = captureLogger();
    const result = await expireSendRequestsJob.handler({}, { attempt: 1, maxAttempts: 3, jobId: "test", logger, signal: new AbortController().signal });
    expect(result).toEqual({ deleted: 0 });
    expect(expireSendRequestsJob.cron).toBe("23 * * * *");
    expect(lines.map((line) => line.message)).toEqual(["expired idempotency records deleted"]);
  });
});
