import { describe, expect, it } from "vitest";
import { db } from "@/server/db";
import type { TCatalogue } from "@/server/domain/triggers";
import { loadCatalogueFile } from "@/server/services/triggers/load-catalogue-file";
import { parseCatalogue } from "@/server/services/triggers/parse-catalogue";
import { syncCatalogue } from "@/server/services/triggers/sync-catalogue";
import { describeCatalogueSync } from "@/server/services/triggers/describe-catalogue-sync";
import { commands } from "@/server/cli/commands";
import { uniq } from "../helpers/fixtures";

/** A small catalogue of its own, since the real catalogue is shared by every test file. */
function ownCatalogue(body = "Hello {{ patientName }}"): TCatalogue {
  const key = `SYNC_${uniq().toUpperCase()}`;
  return parseCatalogue(
    {
      version: 1,
      triggers: [{ key, name: "Sync test", category: "transactional", channels: ["SMS", "EMAIL"], variables: ["patientName"] }],
      templates: [
        { trigger: key, channel: "SMS", language: "en", body },
        { trigger: key, channel: "EMAIL", language: "ar", subject: "مرحبا", html: "<p>{{ patientName }}</p>" },
      ],
    },
    "test",
  );
}

describe("the default catalogue (config/templates.v1.json)", () => {
  it("declares every trigger of the issue with en and ar templates on every allowed channel", async () => {
    const catalogue = await loadCatalogueFile();
    const keys = catalogue.triggers.map((t) => t.key);
    expect(keys).toEqual(
      expect.arrayContaining(["REGISTRATION", "COLLECTION_SCHEDULED", "SAMPLE_COLLECTED", "REPORT_READY", "BILL_RECEIPT", "APPOINTMENT_REMINDER", "APPOINTMENT_CONFIRMED", "APPOINTMENT_CANCELLED", "OTP"]),
    );
    expect(catalogue.triggers.find((t) => t.key === "OTP")).toMatchObject({ critical: true, category: "security" });
    expect(catalogue.triggers.filter((t) => t.critical).map((t) => t.key)).toEqual(["OTP"]);
    for (const trigger of catalogue.triggers) {
      for (const channel of trigger.channels) {
        for (const language of ["en", "ar"]) {
          expect(catalogue.templates.some((t) => t.trigger === trigger.key && t.channel === channel && t.language === language), `${trigger.key}/${channel}/${language}`).toBe(true);
        }
      }
    }
  });

  it("syncs idempotently: a second run changes nothing", async () => {
    const catalogue = await loadCatalogueFile();
    await syncCatalogue(db(), catalogue);
    const second = await syncCatalogue(db(), catalogue);
    expect(second).toEqual({ triggers: { created: [], updated: [], unchanged: 9 }, templates: { created: [], versioned: [], unchanged: catalogue.templates.length } });
    expect(describeCatalogueSync("config/templates.v1.json", second)).toBe(`config/templates.v1.json: nothing to change (9 triggers and ${catalogue.templates.length} templates unchanged).`);
    const report = await db().template.findFirstOrThrow({ where: { scope: "platform", triggerKey: "REPORT_READY", channel: "WHATSAPP", language: "ar" }, include: { versions: true } });
    expect(report.versions[0]).toMatchObject({ waTemplateName: "herald_report_ready", waLanguage: "ar", waVariables: ["patientName", "labName", "reportUrl"] });
  });

  it("is what the sync-templates command loads, and the command says what changed", async () => {
    const output = await commands["sync-templates"]!.run(db(), {});
    expect(output).toMatch(/^config\/templates\.v1\.json: nothing to change/);
  });
});

describe("syncCatalogue", () => {
  it("creates triggers and templates, then versions only what changed", async () => {
    const catalogue = ownCatalogue();
    const key = catalogue.triggers[0]!.key;
    const first = await syncCatalogue(db(), catalogue);
    expect(first.triggers.created).toEqual([key]);
    expect(first.templates.created).toEqual([`${key}/SMS/en`, `${key}/EMAIL/ar`]);

    const changed: TCatalogue = { ...catalogue, templates: [{ ...catalogue.templates[0]!, body: "Hi {{ patientName }}!" }, catalogue.templates[1]!] };
    const second = await syncCatalogue(db(), changed);
    expect(second.templates).toEqual({ created: [], versioned: [`${key}/SMS/en`], unchanged: 1 });
    expect(describeCatalogueSync("f.json", second)).toContain(`~ template ${key}/SMS/en (new version)`);

    const sms = await db().template.findFirstOrThrow({ where: { scope: "platform", triggerKey: key, channel: "SMS" }, include: { versions: { orderBy: { version: "asc" } } } });
    expect(sms.currentVersion).toBe(2);
    expect(sms.versions.map((v) => [v.version, v.body])).toEqual([
      [1, "Hello {{ patientName }}"],
      [2, "Hi {{ patientName }}!"],
    ]);
    expect(await syncCatalogue(db(), changed)).toMatchObject({ templates: { created: [], versioned: [] } });

    const renamed = await syncCatalogue(db(), { ...changed, triggers: [{ ...changed.triggers[0]!, name: "Renamed" }] });
    expect(renamed.triggers.updated).toEqual([key]);
  });

  it("refuses an invalid catalogue naming the path in the file, before writing anything", () => {
    const valid = ownCatalogue();
    const key = valid.triggers[0]!.key;
    const bad = (change: (c: Record<string, unknown>) => void) => {
      const copy = structuredClone(valid) as unknown as Record<string, unknown>;
      change(copy);
      return () => parseCatalogue(copy, "config/templates.v9.json");
    };
    expect(bad((c) => ((c.templates as Record<string, unknown>[])[0]!.body = "Hi {{ patientNme }}"))).toThrow(
      `config/templates.v9.json: templates.0.body: unknown variable {{ patientNme }} for ${key}`,
    );
    expect(bad((c) => ((c.triggers as Record<string, unknown>[])[0]!.category = "spam"))).toThrow(/config\/templates\.v9\.json: triggers\.0\.category: expected one of/);
    expect(bad((c) => ((c.templates as Record<string, unknown>[])[1]!.channel = "WHATSAPP"))).toThrow(/templates\.1\.channel: .* is not sent on WHATSAPP/);
    expect(bad((c) => (c.templates as unknown[]).push((c.templates as unknown[])[0]))).toThrow(/templates\.2: a second template/);
    expect(bad((c) => ((c.templates as Record<string, unknown>[])[1]!.subject = undefined))).toThrow(/templates\.1\.subject: is required for EMAIL/);
  });

  it("names an unreadable file", async () => {
    await expect(loadCatalogueFile("config/missing.json")).rejects.toThrow(/config\/missing\.json: cannot read the catalogue/);
  });
});
