import { describe, expect, it } from "vitest";
import { db } from "@/server/db";
import { AppError } from "@/server/errors";
import { uniq } from "../helpers/fixtures";
import { expectTRPCError } from "../helpers/expect-trpc-error";
import { makeSendingLab, makeTrigger, newRecipient, VARIABLES } from "./notifications-helpers";

const countMessages = (labId: string) => db().message.count({ where: { labId } });

async function smsLab() {
  const lab = await makeSendingLab();
  return { ...lab, trigger: await makeTrigger({ enableFor: [lab.labId], channels: ["SMS"] }) };
}

describe("idempotency keys are bound to the request they were first used for", () => {
  it("answers CONFLICT, naming the key, when a key comes back with another request, and sends nothing", async () => {
    const { labId, api, trigger } = await smsLab();
    const key = `report-${uniq()}`;
    const input = { labId, trigger, recipient: newRecipient(), variables: VARIABLES, idempotencyKey: key };
    await api.notifications.send(input);

    const changed = api.notifications.send({ ...input, variables: { ...VARIABLES, reportId: "R-2" } });
    await expectTRPCError(changed, "CONFLICT", `idempotencyKey: "${key}" was already used with a different request within 24 hours`);
    await expectTRPCError(api.notifications.send({ ...input, channels: ["SMS"] }), "CONFLICT", /already used with a different request/);
    expect(await countMessages(labId)).toBe(1);
  });

  it("replays the same request whatever order its keys are written in", async () => {
    const { labId, api, trigger } = await smsLab();
    const recipient = newRecipient();
    const idempotencyKey = `order-${uniq()}`;
    const first = await api.notifications.send({ labId, trigger, recipient, variables: { patientName: "Sara", reportId: "R-1" }, idempotencyKey });
    const reordered = Object.fromEntries(Object.entries(recipient).reverse()) as typeof recipient;
    const again = await api.notifications.send({ idempotencyKey, variables: { reportId: "R-1", patientName: "Sara" }, recipient: reordered, trigger, labId });
    expect(again).toEqual({ ...first, replayed: true });
    expect(await countMessages(labId)).toBe(1);
  });

  it("refuses a batch key reused with other items, and names every item key reused with another item", async () => {
    const { labId, api, trigger } = await smsLab();
    const items = [0, 1, 2].map((n) => ({ trigger, recipient: newRecipient(), variables: VARIABLES, idempotencyKey: `item-${n}-${uniq()}` }));
    const batchKey = `batch-${uniq()}`;
    await api.notifications.sendMany({ labId, idempotencyKey: batchKey, items });

    await expectTRPCError(
      api.notifications.sendMany({ labId, idempotencyKey: batchKey, items: items.slice(0, 2) }),
      "CONFLICT",
      `idempotencyKey: "${batchKey}" was already used with a different request within 24 hours`,
    );
    const changed = [items[0]!, { ...items[1]!, variables: { ...VARIABLES, reportId: "R-9" } }, { ...items[2]!, recipient: newRecipient() }];
    const error = await expectTRPCError(api.notifications.sendMany({ labId, items: changed }), "CONFLICT");
    expect(error.message).toBe(
      `items.1.idempotencyKey: "${items[1]!.idempotencyKey}" was already used with a different request within 24 hours; ` +
        `items.2.idempotencyKey: "${items[2]!.idempotencyKey}" was already used with a different request within 24 hours`,
    );
    expect((error.cause as AppError).issues.map((issue) => issue.path.join("."))).toEqual(["items.1.idempotencyKey", "items.2.idempotencyKey"]);
    expect(await countMessages(labId)).toBe(3);
  });

  it("keeps replaying keys stored before requests were hashed", async () => {
    const { labId, api, trigger } = await smsLab();
    const input = { labId, trigger, recipient: newRecipient(), variables: VARIABLES, idempotencyKey: `legacy-${uniq()}` };
    const first = await api.notifications.send(input);
    expect(await db().sendRequest.findFirst({ where: { labId }, select: { requestHash: true } })).toEqual({ requestHash: expect.stringMatching(/^[0-9a-f]{64}$/) });
    await db().sendRequest.updateMany({ where: { labId }, data: { requestHash: null } });

    const again = await api.notifications.send({ ...input, variables: { ...VARIABLES, reportId: "R-2" } });
    expect(again).toEqual({ ...first, replayed: true });
    expect(await countMessages(labId)).toBe(1);
  });
});
