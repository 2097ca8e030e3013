// WhatsApp template parameters on one line: Meta refuses a parameter with a line break, a tab or more
// than 4 spaces in a row (132018), and the simulator does as Meta does. Herald hands every provider the
// parameters on one line, and the stored body (what the dashboard shows) says the same.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/server/db";
import { oneLine } from "@/server/domain/whatsapp-parameters";
import { metaWhatsAppAdapter as adapter } from "@/server/providers/meta/meta.provider";
import { ProviderError } from "@/server/providers/provider-error";
import { createBusinessAccount } from "@/server/services/business-accounts/create-business-account";
import { adapterContext } from "../helpers/adapter-context";
import { makeOrgWithLabs, uniq } from "../helpers/fixtures";
import { startProviderHarness, type TProviderHarness } from "../helpers/provider-harness";
import { dispatch, statusesOf } from "./delivery-helpers";
import { makeSendingLab, makeTrigger, newRecipient } from "./notifications-helpers";
import { makePartnerLab } from "./partners-helpers";

const ACCESS_TOKEN = "EAAGm0PX4ZCpsBAKZAZBtestTokenForHerald456";
const APP_SECRET = "fedcba9876543210fedcba9876543210";

let harness: TProviderHarness;
beforeAll(async () => {
  harness = await startProviderHarness();
});
afterAll(() => harness.close());

/** A Meta WhatsApp account for this lab, registered with the simulator. */
async function metaAccount(labId: string) {
  const phoneNumberId = `11${Date.now()}${Math.floor(Math.random() * 1000)}`;
  const config = { phoneNumberId, accessToken: ACCESS_TOKEN, appSecret: APP_SECRET, verifyToken: "verify-parameters-0001" };
  const account = await createBusinessAccount({ db: db(), principal: null, labId, channel: "WHATSAPP", provider: "meta", name: "WhatsApp", config });
  harness.sim.accounts.register({ provider: "meta", id: phoneNumberId, secret: ACCESS_TOKEN, webhookUrl: harness.webhookUrl("meta", account.id), webhookSecret: APP_SECRET });
  return { phoneNumberId, config: adapter.configSchema.parse(config) };
}

/** The text parameters the simulator received for a Herald message. */
function sentParameters(messageId: string): string[] {
  const entries = harness.sim.ledger.query({ provider: "meta", operation: "send" }).filter((e) => e.heraldMessageId === messageId && e.httpStatus === 200);
  expect(entries).toHaveLength(1);
  const body = JSON.parse(entries[0]!.rawBody) as { template: { components: { parameters: { text: string }[] }[] } };
  return body.template.components[0]!.parameters.map((p) => p.text);
}

describe("WhatsApp template parameters", () => {
  it("puts a parameter on one line: line breaks become ' · ' (a space after punctuation), tabs and runs of spaces one space", () => {
    expect(oneLine("Sara Ahmed")).toBe("Sara Ahmed");
    expect(oneLine("Sara\nAhmed")).toBe("Sara · Ahmed");
    expect(oneLine("12 King Fahd Rd,\r\n\r\nRiyadh\n")).toBe("12 King Fahd Rd, Riyadh");
    expect(oneLine("شارع الملك فهد،\nالرياض")).toBe("شارع الملك فهد، الرياض");
    expect(oneLine("R-1\t\t7      (urgent)")).toBe("R-1 7 (urgent)");
    expect(oneLine("  padded  ")).toBe("padded");
  });

  it("the simulator refuses, as Meta does, a parameter with a line break, a tab or more than 4 spaces in a row (132018, this message only)", async () => {
    const { labs } = await makeOrgWithLabs(1);
    const { config } = await metaAccount(labs[0]!.id);
    const send = (parameters: string[]) =>
      adapter.send(
        { messageId: `msg_${uniq()}`, to: "+966501234567", triggerKey: "REPORT_READY", body: null, template: { name: "report_ready", language: "en", contentSid: null, parameters } },
        config,
        adapterContext({ baseUrl: `${harness.sim.origin}/meta` }),
      );
    for (const refused of ["Sara\nAhmed", "Sara\tAhmed", "Sara     Ahmed"]) {
      const error = await send([refused, "R-1"]).then(() => null, (e: unknown) => e);
      expect(error).toBeInstanceOf(ProviderError);
      expect((error as ProviderError).toClassified()).toMatchObject({ kind: "permanent", scope: "recipient", code: "template_params_invalid", providerCode: "132018", httpStatus: 400 });
      expect((error as ProviderError).message).toContain("Param text cannot have new-line/tab characters or more than 4 consecutive spaces");
    }
    await expect(send(["Sara    Ahmed", "R-1"])).resolves.toMatchObject({ status: "SENT" });
  });

  it("a patient's parameters reach Meta on one line, and the stored body shows them as sent", async () => {
    const lab = await makeSendingLab();
    await metaAccount(lab.labId);
    const trigger = await makeTrigger({ channels: ["WHATSAPP"], languages: ["en"], enableFor: [lab.labId] });

    const result = await lab.api.notifications.send({ labId: lab.labId, trigger, recipient: newRecipient(), variables: { patientName: "Sara\nAhmed", reportId: "R-1001\t(urgent)" } });
    const messageId = result.channels[0]!.messageId!;
    expect(await dispatch([messageId])).toMatchObject({ sent: 1, failed: 0 });

    expect(sentParameters(messageId)).toEqual(["Sara · Ahmed", "R-1001 (urgent)"]);
    const stored = await db().message.findUniqueOrThrow({ where: { id: messageId }, select: { body: true } });
    expect(stored.body).toBe("Hello Sara · Ahmed, report R-1001 (urgent) is ready.");
    expect(await statusesOf([messageId])).toEqual(["SENT"]);
  });

  it("a partner message's event values reach Meta on one line, joined as the stored body shows them", async () => {
    const lab = await makePartnerLab();
    await metaAccount(lab.labId);
    const partner = await lab.admin.partners.create({ labId: lab.labId, name: "Al Salam Clinic", type: "CLINIC" });
    await lab.admin.partners.saveContact({ labId: lab.labId, partnerId: partner.id, name: "Front desk", phone: "0501110011", language: "en", channels: ["WHATSAPP"] });
    await lab.admin.partners.setRule({ labId: lab.labId, partnerId: partner.id, rule: { triggerKey: "REPORT_READY", notifyPatient: false, delivery: "IMMEDIATE", channels: ["WHATSAPP"] } });

    const variables = { patientName: "Sara\n Ahmed", labName: "Al Noor", reportUrl: "https://reports.example.com/r/1" };
    await lab.api.notifications.send({ labId: lab.labId, trigger: "REPORT_READY", partner: { partnerId: partner.id }, variables });
    const [message] = await db().message.findMany({ where: { labId: lab.labId, channel: "WHATSAPP" }, select: { id: true, body: true } });
    expect(await dispatch([message!.id])).toMatchObject({ sent: 1, failed: 0 });

    const parameters = sentParameters(message!.id);
    expect(parameters).toEqual(["Al Salam Clinic", "1", "Sara · Ahmed", "https://reports.example.com/r/1"]);
    for (const parameter of parameters) expect(message!.body).toContain(parameter);
    expect(message!.body).toContain("Patients: Sara · Ahmed.");
  });
});
