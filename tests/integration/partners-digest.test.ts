import { afterEach, describe, expect, it } from "vitest";
import { db } from "@/server/db";
import { sendNotifications } from "@/server/services/notifications/send-notifications";
import { sendDueDigests } from "@/server/services/partners/send-due-digests";
import { nextDigestAt } from "@/server/domain/digest-window";
import { jobs } from "@/server/jobs/registry";
import { captureLogger } from "./jobs-helpers";
import { newRecipient } from "./notifications-helpers";
import { makePartner, makePartnerLab, REPORT } from "./partners-helpers";

const report = (patientName: string) => ({ ...REPORT, patientName, reportUrl: `https://reports.example.com/${patientName}` });
const digestMessages = (labId: string) => db().message.findMany({ where: { labId }, orderBy: [{ contactId: "asc" }, { channel: "asc" }] });

async function digestLab() {
  const lab = await makePartnerLab();
  // Dubai is UTC+4: the partner's 17:00 is 13:00 UTC, whatever the lab's own zone (Riyadh).
  const partner = await makePartner(lab, { channels: ["SMS", "EMAIL"], notifyPatient: true, delivery: "DIGEST", digestAt: "17:00" }, "Asia/Dubai");
  const send = (patientName: string) =>
    lab.api.notifications.send({ labId: lab.labId, trigger: "REPORT_READY", partner: { partnerId: partner.partner.id }, variables: report(patientName) });
  return { lab, ...partner, send };
}

let dropCrash: (() => Promise<unknown>) | null = null;
afterEach(async () => {
  await dropCrash?.();
  dropCrash = null;
});

describe("partner digests", () => {
  it("go out at the partner's local time, one message per contact and channel, with exactly the window's events", async () => {
    const { lab, partner, deskContactId, doctorContactId, send } = await digestLab();
    // One after another: a digest lists its events in the order they were accepted.
    const sent = [];
    for (const name of ["Amal", "Badr", "Carim"]) sent.push(await send(name));
    const dueAt = nextDigestAt("17:00", "Asia/Dubai", new Date());
    expect(dueAt.getUTCHours()).toBe(13);
    for (const result of sent) expect(result.partner).toEqual({ partnerId: partner.id, status: "digest", contacts: [], digestAt: dueAt.toISOString() });
    expect(await db().message.count({ where: { labId: lab.labId } })).toBe(0);

    // An event accepted just after the window closed belongs to the next day's digest.
    const labRow = await db().lab.findUniqueOrThrow({ where: { id: lab.labId } });
    const late = new Date(dueAt.getTime() + 60_000);
    await sendNotifications({ db: db(), lab: labRow, requestId: "late-event", now: late, items: [{ trigger: "REPORT_READY", partner: { partnerId: partner.id }, variables: report("Dana") }], itemPath: () => "" });

    expect(await sendDueDigests({ db: db(), now: new Date(dueAt.getTime() - 1000) })).toMatchObject({ digests: 0 });
    const result = await sendDueDigests({ db: db(), now: late });
    expect(result).toMatchObject({ digests: 1, events: 3, messages: 3 });

    const messages = await digestMessages(lab.labId);
    expect(messages.map((m) => [m.contactId, m.channel])).toEqual(
      [
        [deskContactId, "SMS"],
        [deskContactId, "EMAIL"],
        [doctorContactId, "SMS"],
      ].sort((a, b) => a[0]!.localeCompare(b[0]!) || ["SMS", "WHATSAPP", "EMAIL"].indexOf(a[1]!) - ["SMS", "WHATSAPP", "EMAIL"].indexOf(b[1]!)),
    );
    const deskSms = messages.find((m) => m.contactId === deskContactId && m.channel === "SMS")!;
    expect(deskSms.body).toBe(
      "Al Salam Clinic: 3 report(s) ready. Amal: https://reports.example.com/Amal Badr: https://reports.example.com/Badr Carim: https://reports.example.com/Carim ",
    );
    expect(messages.find((m) => m.channel === "EMAIL")!.subject).toBe("3 report(s) ready for Al Salam Clinic");
    for (const message of messages) expect(message.body ?? message.html).not.toContain("Dana");

    const waiting = await db().partnerDigestEntry.findMany({ where: { partnerId: partner.id, digestedAt: null } });
    expect(waiting.map((entry) => (entry.variables as { patientName: string }).patientName)).toEqual(["Dana"]);
    expect(waiting[0]!.dueAt.toISOString()).toBe(new Date(dueAt.getTime() + 24 * 3_600_000).toISOString());
  });

  it("a digest job that runs twice, or twice at once, sends each digest once", async () => {
    const { lab, send } = await digestLab();
    await send("Amal");
    await send("Badr");
    const after = new Date(nextDigestAt("17:00", "Asia/Dubai", new Date()).getTime() + 1000);
    const [first, second] = await Promise.all([sendDueDigests({ db: db(), now: after }), sendDueDigests({ db: db(), now: after })]);
    expect(first.digests + second.digests).toBe(1);
    expect(await sendDueDigests({ db: db(), now: after })).toMatchObject({ digests: 0, messages: 0 });
    expect(await db().message.count({ where: { labId: lab.labId } })).toBe(3);
  });

  it("a digest job that crashes before it commits loses nothing: the next run sends the whole window once", async () => {
    const { lab, partner, send } = await digestLab();
    await send("Amal");
    await send("Badr");
    const after = new Date(nextDigestAt("17:00", "Asia/Dubai", new Date()).getTime() + 1000);
    // The stamp of this partner's entries fails after the messages were written: the transaction dies there.
    const fn = `crash_digest_${partner.id.replace(/[^a-z0-9]/gi, "").toLowerCase()}`;
    await db().$executeRawUnsafe(`CREATE FUNCTION ${fn}() RETURNS trigger AS $$ BEGIN IF NEW."partnerId" = '${partner.id}' THEN RAISE EXCEPTION 'worker died'; END IF; RETURN NEW; END $$ LANGUAGE plpgsql`);
    await db().$executeRawUnsafe(`CREATE TRIGGER ${fn} BEFORE UPDATE ON "PartnerDigestEntry" FOR EACH ROW EXECUTE FUNCTION ${fn}()`);
    dropCrash = async () => {
      await db().$executeRawUnsafe(`DROP TRIGGER IF EXISTS ${fn} ON "PartnerDigestEntry"`);
      await db().$executeRawUnsafe(`DROP FUNCTION IF EXISTS ${fn}()`);
    };

    await expect(sendDueDigests({ db: db(), now: after })).rejects.toThrow(/worker died/);
    expect(await db().message.count({ where: { labId: lab.labId } })).toBe(0);
    expect(await db().partnerDigestEntry.count({ where: { partnerId: partner.id, digestedAt: null } })).toBe(2);

    await dropCrash();
    dropCrash = null;
    expect(await sendDueDigests({ db: db(), now: after })).toMatchObject({ digests: 1, events: 2, messages: 3 });
    expect(await db().message.count({ where: { labId: lab.labId } })).toBe(3);
    expect(await db().partnerDigestEntry.count({ where: { partnerId: partner.id, digestedAt: null } })).toBe(0);
  });

  it("a windowed digest gathers the events of the window its first event opened", async () => {
    const lab = await makePartnerLab();
    const { partner } = await makePartner(lab, { channels: ["SMS"], notifyPatient: true, delivery: "DIGEST", digestWindowMinutes: 60 });
    const labRow = await db().lab.findUniqueOrThrow({ where: { id: lab.labId } });
    const start = new Date(Date.now() + 3_600_000);
    const at = (minutes: number, name: string) =>
      sendNotifications({ db: db(), lab: labRow, requestId: `w-${name}`, now: new Date(start.getTime() + minutes * 60_000), items: [{ trigger: "REPORT_READY", partner: { partnerId: partner.id }, variables: report(name) }], itemPath: () => "" });
    const first = await at(0, "Amal");
    const second = await at(59, "Badr");
    const third = await at(61, "Carim");
    expect(second.items[0]!.partner!.digestAt).toBe(first.items[0]!.partner!.digestAt);
    expect(third.items[0]!.partner!.digestAt).toBe(new Date(start.getTime() + 121 * 60_000).toISOString());

    const result = await sendDueDigests({ db: db(), now: new Date(start.getTime() + 60 * 60_000) });
    expect(result).toMatchObject({ digests: 1, events: 2, messages: 2 });
    const bodies = (await digestMessages(lab.labId)).map((m) => m.body);
    // The desk reads English, the doctor Arabic; both get the window's two events and not the third.
    expect(bodies.sort()).toEqual([
      "Al Salam Clinic: 2 report(s) ready. Amal: https://reports.example.com/Amal Badr: https://reports.example.com/Badr ",
      "Al Salam Clinic: عدد التقارير الجاهزة 2. Amal: https://reports.example.com/Amal Badr: https://reports.example.com/Badr ",
    ]);
  });

  it("a digest partner who informs its own patients: the patient is skipped on record at once, the partner hears in the digest; one who does not: the patient is told at once", async () => {
    for (const notifyPatient of [false, true]) {
      const lab = await makePartnerLab();
      const { partner } = await makePartner(lab, { channels: ["SMS"], notifyPatient, delivery: "DIGEST", digestWindowMinutes: 30 });
      const labRow = await db().lab.findUniqueOrThrow({ where: { id: lab.labId } });
      const at = new Date(Date.now() - 60 * 60_000);
      const sent = await sendNotifications({ db: db(), lab: labRow, requestId: `informs-${notifyPatient}`, now: at, items: [{ trigger: "REPORT_READY", recipient: newRecipient(), partner: { partnerId: partner.id }, variables: report("Amal") }], itemPath: () => "" });
      const item = sent.items[0]!;
      expect(item.partner).toMatchObject({ status: "digest", contacts: [], digestAt: new Date(at.getTime() + 30 * 60_000).toISOString() });
      expect(item.channels.map((c) => [c.channel, c.status, c.reason ?? null])).toEqual(
        notifyPatient ? [["SMS", "queued", null], ["WHATSAPP", "queued", null], ["EMAIL", "queued", null]] : ["SMS", "WHATSAPP", "EMAIL"].map((ch) => [ch, "skipped", "partner_informs_patient"]),
      );
      const patientMessages = () => db().message.count({ where: { labId: lab.labId, contactId: item.contactId! } });
      expect(await patientMessages()).toBe(3);

      expect(await sendDueDigests({ db: db(), now: new Date() })).toMatchObject({ digests: 1, events: 1, messages: 2 });
      const partnerMessages = await db().message.findMany({ where: { labId: lab.labId, NOT: { contactId: item.contactId! } }, select: { body: true } });
      expect(partnerMessages.map((m) => m.body).sort()).toEqual([
        "Al Salam Clinic: 1 report(s) ready. Amal: https://reports.example.com/Amal ",
        "Al Salam Clinic: عدد التقارير الجاهزة 1. Amal: https://reports.example.com/Amal ",
      ]);
      // The patient's messages are what the send wrote: the digest tells the partner alone.
      expect(await patientMessages()).toBe(3);
    }
  });

  it("the registry's job, which Inngest and the local executor both run, sends a closed window once however often it runs", async () => {
    const lab = await makePartnerLab();
    const { partner } = await makePartner(lab, { channels: ["SMS"], notifyPatient: true, delivery: "DIGEST", digestWindowMinutes: 15 });
    const labRow = await db().lab.findUniqueOrThrow({ where: { id: lab.labId } });
    const at = new Date(Date.now() - 20 * 60_000);
    for (const name of ["Amal", "Badr"]) {
      await sendNotifications({ db: db(), lab: labRow, requestId: `job-${name}`, now: at, items: [{ trigger: "REPORT_READY", partner: { partnerId: partner.id }, variables: report(name) }], itemPath: () => "" });
    }
    const definition = jobs["send-partner-digests"];
    expect(definition.cron).toBe("* * * * *");
    const run = () => definition.handler({}, { attempt: 1, maxAttempts: 3, jobId: "test", logger: captureLogger().logger, signal: new AbortController().signal });
    await Promise.all([run(), run()]);
    await run();
    const messages = await db().message.findMany({ where: { labId: lab.labId }, select: { body: true, status: true } });
    expect(messages).toHaveLength(2);
    for (const message of messages) expect(message.body).toMatch(/^Al Salam Clinic: .*2.* Amal: https:\/\/reports\.example\.com\/Amal Badr: https:\/\/reports\.example\.com\/Badr $/);
    expect(await db().partnerDigestEntry.count({ where: { partnerId: partner.id, digestedAt: null } })).toBe(0);
  });
});
