// The migration that rewrites provider codes stored before callbacks were translated, on a database
// holding them: messages, the statistics and the ledger end as a rebuild from the messages would make them.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/server/db";
import { withPgClient } from "@/server/db/with-pg-client";
import { rebuildMessageStats } from "@/server/services/stats/rebuild-message-stats";
import { rollUpMessageStats } from "@/server/services/stats/roll-up-message-stats";
import { callerFor, makeOrgWithLabs, makeUser } from "../helpers/fixtures";
import { useOwnDatabase } from "./jobs-helpers";
import { localTime, writeMix, type TMixSpec } from "./stats-helpers";

// Runs the migration's script again over rows written here: other files' rows must not be in its way.
useOwnDatabase("herald_failure_codes");

const MIGRATIONS = path.join(process.cwd(), "prisma", "migrations");
const migration = readdirSync(MIGRATIONS).find((name) => name.endsWith("_failure_reasons_of_reported_codes"))!;
const script = readFileSync(path.join(MIGRATIONS, migration, "migration.sql"), "utf8");
const RIYADH = 3;
const range = { from: localTime("2026-10-05T00:00", RIYADH), to: localTime("2026-10-06T00:00", RIYADH) };

/** Every statistics row and the ledger, in a stable order, to compare two states whole. */
async function figures(): Promise<unknown[]> {
  const rows = (table: string, order: string) => db().$queryRawUnsafe<unknown[]>(`SELECT * FROM "${table}" ORDER BY ${order}`);
  const wide = `"labId", channel, "triggerKey", "businessAccountId", provider, status, reason, currency`;
  return [
    await rows("MessageStatHour", `hour, ${wide}`),
    await rows("MessageStatDay", `day, ${wide}`),
    await rows("MessageStatMonth", `month, ${wide}`),
    await rows("MessageStatChannelDay", `"labId", day, channel, provider, status`),
    await rows("MessageStatLedger", `"messageId"`),
  ];
}

let labId: string;
let ids: string[];

beforeAll(async () => {
  labId = (await makeOrgWithLabs(1)).labs[0]!.id;
  await db().lab.update({ where: { id: labId }, data: { timezone: "Asia/Riyadh" } });
  const at = "2026-10-05T10:00";
  const failed = (provider: string, channel: TMixSpec["channel"], errorCode: string, n = 1): TMixSpec => ({ provider, channel, status: "FAILED", errorCode, at, n });
  ids = await writeMix(labId, RIYADH, [
    // Twilio's opt-out as a callback stored it, twice, and as a refused send stored it, once: one hour, two rows.
    failed("twilio", "SMS", "21610", 2),
    failed("twilio", "SMS", "unsubscribed"),
    // A carrier's failure Twilio's rules do not translate stays Twilio's code.
    { provider: "twilio", channel: "SMS", status: "UNDELIVERED", errorCode: "30003", at },
    failed("meta", "WHATSAPP", "131047"),
    failed("interakt", "WHATSAPP", "131026"),
    { provider: "unifonic", channel: "SMS", status: "UNDELIVERED", errorCode: "ER-03", at },
    // Pinnacle passes Meta's codes on for WhatsApp only: an SMS report's code is the operator's.
    failed("pinnacle", "WHATSAPP", "131047"),
    failed("pinnacle", "SMS", "131047"),
    { provider: "sendgrid", channel: "EMAIL", status: "UNDELIVERED", errorCode: "5.1.1", at },
    { provider: "twilio", channel: "SMS", status: "DELIVERED", at },
  ]);
  await rollUpMessageStats({ db: db() });
});

describe("the failure reasons migration", () => {
  it("rewrites stored codes that have Herald's reason, merges their figures into the reason's, and leaves the rest", async () => {
    const admin = callerFor((await makeUser({ labId, role: "LAB_ADMIN" })).principal);
    const before = await admin.stats.overview({ labId, ...range });
    expect(before.failureReasons).toContainEqual({ code: "21610", provider: "twilio", channel: "SMS", count: 2 });

    await withPgClient(process.env.DATABASE_URL!, (client) => client.query(script));

    const codes = await db().message.findMany({ where: { id: { in: ids } }, select: { provider: true, channel: true, errorCode: true } });
    const stored = (provider: string, channel: string) => codes.filter((m) => m.provider === provider && m.channel === channel).map((m) => m.errorCode ?? "").sort();
    expect(stored("twilio", "SMS")).toEqual(["", "30003", "unsubscribed", "unsubscribed", "unsubscribed"]);
    expect([stored("meta", "WHATSAPP"), stored("interakt", "WHATSAPP"), stored("unifonic", "SMS")]).toEqual([["template_required"], ["undeliverable"], ["invalid_address"]]);
    expect([stored("pinnacle", "WHATSAPP"), stored("pinnacle", "SMS"), stored("sendgrid", "EMAIL")]).toEqual([["template_required"], ["131047"], ["5.1.1"]]);

    const after = await admin.stats.overview({ labId, ...range });
    expect(after.totals).toEqual(before.totals);
    const reason = (o: typeof after) => o.failureReasons.map((f) => `${f.provider} ${f.channel} ${f.code} ${f.count}`).sort();
    expect(reason(after)).toEqual([
      "interakt WHATSAPP undeliverable 1",
      "meta WHATSAPP template_required 1",
      "pinnacle SMS 131047 1",
      "pinnacle WHATSAPP template_required 1",
      "sendgrid EMAIL 5.1.1 1",
      "twilio SMS 30003 1",
      "twilio SMS unsubscribed 3",
      "unifonic SMS invalid_address 1",
    ]);
  });

  it("leaves the ledger and the figures as a rebuild makes them, so the next change to a message adds up", async () => {
    // A later report for one of the rewritten messages: the rollup takes back what the ledger says it added.
    const [moved] = await db().message.findMany({ where: { id: { in: ids }, provider: "twilio", errorCode: "unsubscribed" }, take: 1 });
    await db().message.update({ where: { id: moved!.id }, data: { errorMessage: "Attempt to send to unsubscribed recipient" } });
    await db().messageEvent.create({ data: { messageId: moved!.id, labId, type: "status", status: "FAILED", source: "webhook", detail: { applied: false, ignored: "repeat" } } });
    await rollUpMessageStats({ db: db() });
    const rolled = await figures();

    await rebuildMessageStats({ db: db() });
    expect(rolled).toEqual(await figures());
    expect(await db().messageStatHour.count({ where: { labId, reason: { in: ["21610", "ER-03"] } } })).toBe(0);
  });

  it("changes nothing when run again", async () => {
    const before = await figures();
    await withPgClient(process.env.DATABASE_URL!, (client) => client.query(script));
    expect(await figures()).toEqual(before);
  });
});
