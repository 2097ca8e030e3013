import { describe, expect, inject, it } from "vitest";
import { db } from "@/server/db";
import { isPglite } from "@/server/db/temporary-database";
import { uniq } from "../helpers/fixtures";
import { makeSendingLab, makeTrigger, newRecipient, VARIABLES } from "./notifications-helpers";

const onPglite = await isPglite(inject("databaseUrl"));
const ROUNDS = 20;
const SHARED_PATIENTS = 40;

describe("concurrent sends sharing patients", () => {
  it("both succeed and leave one contact per patient, with the fields of whichever committed last", async () => {
    const { labId, api } = await makeSendingLab();
    const trigger = await makeTrigger({ enableFor: [labId], channels: ["SMS"] });
    const patients = Array.from({ length: 10 }, () => newRecipient());
    const itemsFor = (label: string) => patients.map((recipient) => ({ trigger, recipient: { ...recipient, name: `${recipient.name} ${label}` }, variables: VARIABLES }));
    const [a, b] = await Promise.all([api.notifications.sendMany({ labId, items: itemsFor("a") }), api.notifications.sendMany({ labId, items: itemsFor("b").reverse() })]);

    expect(a.items.map((item) => item.contactId)).toEqual(b.items.map((item) => item.contactId).reverse());
    const contacts = await db().contact.findMany({ where: { labId }, select: { name: true } });
    expect(contacts).toHaveLength(10);
    // Each batch writes all its contacts in one statement, so one batch's names survive whole.
    const suffixes = new Set(contacts.map((contact) => contact.name!.slice(-1)));
    expect(suffixes.size).toBe(1);
  });

  // Embedded PostgreSQL runs one transaction at a time, so two sends cannot interleave there and
  // the property only exists on a PostgreSQL server (as in CI); an embedded run registers no test.
  if (!onPglite) {
    it(`never deadlock when two batches name the same patients in opposite orders (${ROUNDS} rounds)`, { timeout: 120_000 }, async () => {
      const { labId, api } = await makeSendingLab();
      const trigger = await makeTrigger({ enableFor: [labId], channels: ["SMS"] });
      // Patients both batches already know (their rows are updated) ...
      const known = Array.from({ length: SHARED_PATIENTS }, () => newRecipient());
      await api.notifications.sendMany({ labId, items: known.map((recipient) => ({ trigger, recipient, variables: VARIABLES })) });

      const failures: string[] = [];
      for (let round = 0; round < ROUNDS; round++) {
        // ... and patients new to both (their rows are inserted by whichever batch comes first).
        const fresh = Array.from({ length: 10 }, () => newRecipient({ name: `New ${uniq()}` }));
        const patients = [...known, ...fresh].map((recipient) => ({ ...recipient, name: `${recipient.name} (round ${round})` }));
        const items = patients.map((recipient) => ({ trigger, recipient, variables: VARIABLES }));
        const results = await Promise.allSettled([
          api.notifications.sendMany({ labId, items }),
          api.notifications.sendMany({ labId, items: [...items].reverse() }),
        ]);
        for (const result of results) if (result.status === "rejected") failures.push(`round ${round}: ${String(result.reason)}`);
      }

      expect(failures).toEqual([]);
      expect(await db().contact.count({ where: { labId } })).toBe(SHARED_PATIENTS + ROUNDS * 10);
      expect(await db().message.count({ where: { labId } })).toBe(SHARED_PATIENTS + ROUNDS * 2 * (SHARED_PATIENTS + 10));
    });
  }
});
