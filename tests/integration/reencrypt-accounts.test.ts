import { describe, expect, it } from "vitest";
import { db } from "@/server/db";
import { keyIdOf, keyRing, openJson, sealedKeyId, sealJson } from "@/server/crypto/secret-box";
import { reencryptAccountConfigs } from "@/server/crypto/reencrypt-account-configs";
import { commands } from "@/server/cli/commands";
import { encryptionKey } from "@/server/crypto/encryption-key";
import { makeOrgWithLabs } from "../helpers/fixtures";
import { sealV1 } from "../helpers/seal-v1";
import { useOwnDatabase } from "./jobs-helpers";

// Counts every account, trigger or figure in the database: other files' rows would change them.
useOwnDatabase("herald_reencrypt");

const CONTEXT = "BusinessAccount.configEnc";

async function makeAccounts(labId: string, sealed: string[]) {
  const ids: string[] = [];
  for (const [i, configEnc] of sealed.entries()) {
    const row = await db().businessAccount.create({ data: { labId, channel: "SMS", provider: "sandbox", name: `Account ${i}`, configEnc } });
    ids.push(row.id);
  }
  return ids;
}

describe("re-encrypting business accounts under the newest key", () => {
  it("moves every account to the newest key in batches, keeps what each holds, and changes nothing the second time", async () => {
    const oldKey = Buffer.alloc(32, 21);
    const newKey = Buffer.alloc(32, 22);
    const { labs } = await makeOrgWithLabs(1);
    const ids = await makeAccounts(labs[0]!.id, [
      sealJson({ from: "A" }, oldKey, CONTEXT),
      sealJson({ from: "B" }, newKey, CONTEXT),
      sealJson({ from: "C" }, oldKey, CONTEXT),
      sealJson({ from: "D" }, Buffer.alloc(32, 23), CONTEXT),
    ]);
    const ring = keyRing(newKey, [oldKey]);
    // Accounts of other test files share the table: only ours are counted by id below.
    const mine = () => db().businessAccount.findMany({ where: { id: { in: ids } }, orderBy: { name: "asc" } });

    const first = await reencryptAccountConfigs({ db: db(), keys: ring, batchSize: 2 });
    expect(first.keyId).toBe(keyIdOf(newKey));
    expect(first.unreadable).toContain(ids[3]);
    const after = await mine();
    expect(after.map((a) => sealedKeyId(a.configEnc))).toEqual([keyIdOf(newKey), keyIdOf(newKey), keyIdOf(newKey), keyIdOf(Buffer.alloc(32, 23))]);
    expect(after.slice(0, 3).map((a) => openJson(a.configEnc, keyRing(newKey), CONTEXT))).toEqual([{ from: "A" }, { from: "B" }, { from: "C" }]);

    const second = await reencryptAccountConfigs({ db: db(), keys: ring, batchSize: 2 });
    expect(second.reencrypted).toBe(0);
    expect(second.alreadyCurrent).toBe(first.alreadyCurrent + first.reencrypted);
    expect((await mine()).map((a) => a.configEnc)).toEqual(after.map((a) => a.configEnc));
    // Sealed with keys this process does not have: removed so the CLI run below, over the whole table, can open all it meets.
    await db().businessAccount.deleteMany({ where: { id: { in: ids } } });
  });

  it("is the CLI's reencrypt-accounts, which also moves values of the first format (no key id) and reports its counts", async () => {
    const { labs } = await makeOrgWithLabs(1);
    const keys = encryptionKey();
    const [id] = await makeAccounts(labs[0]!.id, [sealV1({ from: "legacy" }, keys.current.key, CONTEXT)]);
    const output = String(await commands["reencrypt-accounts"]!.run(db(), { batch: "50" }));
    expect(output).toMatch(new RegExp(`^Accounts scanned: \\d+; re-encrypted under key ${keys.current.id}: [1-9]\\d*; already under it: \\d+; changed meanwhile \\(kept\\): 0\\.$`));
    const row = await db().businessAccount.findUniqueOrThrow({ where: { id: id! } });
    expect(sealedKeyId(row.configEnc)).toBe(keys.current.id);
    expect(openJson(row.configEnc, keys, CONTEXT)).toEqual({ from: "legacy" });
    expect(process.exitCode ?? 0).toBe(0);
  });
});
