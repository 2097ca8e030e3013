import { beforeAll, describe, expect, it } from "vitest";
import { createCaller } from "@/server/api/root";
import { createTRPCContext } from "@/server/api/trpc";
import { db } from "@/server/db";
import { API_KEY_CACHE_MS, authenticateApiKeyCached } from "@/server/services/api-keys/api-key-cache";
import { callerFor, makeApiKey, makeLabWithAdmin, makeUser } from "../helpers/fixtures";
import { expectTRPCError } from "../helpers/expect-trpc-error";

let labId: string;
let admin: Awaited<ReturnType<typeof makeUser>>;

beforeAll(async () => {
  ({ labId, admin } = await makeLabWithAdmin());
});

const callerWithBearer = async (token: string) => createCaller(await createTRPCContext({ headers: new Headers({ authorization: `Bearer ${token}` }) }));

describe("API key authentication reused for a short time", () => {
  it("a key revoked by another process is refused within API_KEY_CACHE_MS, and at once after that", async () => {
    const { key, apiKey } = await makeApiKey(labId);
    const start = Date.now();
    expect((await authenticateApiKeyCached(db(), key, start))!.principal.apiKeyId).toBe(apiKey.id);
    // Another process revokes it: this one's cache does not hear of it.
    await db().apiKey.update({ where: { id: apiKey.id }, data: { revokedAt: new Date() } });
    expect((await authenticateApiKeyCached(db(), key, start + API_KEY_CACHE_MS - 1))?.principal.apiKeyId).toBe(apiKey.id);
    expect(await authenticateApiKeyCached(db(), key, start + API_KEY_CACHE_MS)).toBeNull();
    // A refusal is never remembered: the key works again as soon as it is valid again.
    await db().apiKey.update({ where: { id: apiKey.id }, data: { revokedAt: null } });
    expect((await authenticateApiKeyCached(db(), key, start + API_KEY_CACHE_MS + 1))!.principal.apiKeyId).toBe(apiKey.id);
  });

  it("a key revoked through apiKeys.revoke is refused on this process's next call", async () => {
    const { key, apiKey } = await makeApiKey(labId);
    expect((await (await callerWithBearer(key)).labs.get({ labId })).id).toBe(labId);
    await callerFor(admin.principal).apiKeys.revoke({ labId, id: apiKey.id });
    await expectTRPCError((await callerWithBearer(key)).labs.get({ labId }), "UNAUTHORIZED", /invalid or revoked API key/);
  });

  it("a lab's settings changed through labs.updateSettings reach this process's next call with the lab's key", async () => {
    const { key } = await makeApiKey(labId);
    const before = await authenticateApiKeyCached(db(), key);
    await callerFor(admin.principal).labs.updateSettings({ labId, hardStop: !before!.lab!.hardStop });
    expect((await authenticateApiKeyCached(db(), key))!.lab!.hardStop).toBe(!before!.lab!.hardStop);
    await callerFor(admin.principal).labs.updateSettings({ labId, hardStop: before!.lab!.hardStop });
  });

  it("concurrent calls with a key not yet known share one read, and a wrong key is refused", async () => {
    const { key } = await makeApiKey(labId);
    const now = Date.now();
    const answers = await Promise.all(Array.from({ length: 5 }, () => authenticateApiKeyCached(db(), key, now)));
    expect(new Set(answers).size).toBe(1);
    expect(await authenticateApiKeyCached(db(), `hk_${"y".repeat(43)}`, now)).toBeNull();
  });
});
