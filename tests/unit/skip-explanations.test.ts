import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { LOCALES } from "@/i18n/config";
import { skipKeyOf } from "@/lib/skip-keys";
import { SKIP_REASONS } from "@/server/domain/notifications";

const ROOT = process.cwd();

function sourceFiles(dir: string): string[] {
  return readdirSync(path.join(ROOT, dir), { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith(".ts"))
    .map((entry) => path.join(entry.parentPath, entry.name));
}

/**
 * Every skip reason the server can store: the declared list, and whatever a service writes outside it
 * (`skip("...")`, `skipReason: "..."` or a template literal's head, and the reasons delivery's
 * `blocked` outcome carries).
 */
function writtenReasons(): string[] {
  const found = new Set<string>(SKIP_REASONS);
  for (const file of sourceFiles("src/server")) {
    const text = readFileSync(file, "utf8");
    for (const pattern of [/\bskip\("([a-z_]+)"/g, /\bskipReason: [`"]([a-z_]+)/g]) for (const [, reason] of text.matchAll(pattern)) found.add(reason!);
    // The union a `blocked` attempt's reason is typed with, in the delivery pipeline.
    for (const [, union] of text.matchAll(/kind: "blocked"; reason: ([^}]*)/g)) for (const [, reason] of union!.matchAll(/"([a-z_]+)"/g)) found.add(reason!);
  }
  return [...found].sort();
}

function skipsOf(locale: string): Record<string, unknown> {
  return JSON.parse(readFileSync(path.join(ROOT, "messages", locale, "skips.json"), "utf8"));
}

function entryOf(messages: Record<string, unknown>, reason: string): { label?: unknown; what?: unknown } | undefined {
  const key = skipKeyOf(reason);
  return key ? (key.split(".").reduce<unknown>((node, part) => (node && typeof node === "object" ? (node as Record<string, unknown>)[part] : undefined), messages) as { label?: unknown; what?: unknown }) : undefined;
}

describe("skip reason labels", () => {
  const reasons = writtenReasons();

  it("finds the reasons the send flow and delivery write (the scan itself works)", () => {
    for (const reason of ["hard_stop", "consent_withdrawn", "suppressed", "preference_opt_out", "missing_variable", "no_address", "partner_informs_patient"]) expect(reasons).toContain(reason);
    expect(reasons.every((r) => /^[a-z_]+$/.test(r))).toBe(true);
  });

  for (const locale of LOCALES) {
    it(`labels and explains every skip reason the code can write, in ${locale}`, () => {
      const messages = skipsOf(locale);
      const missing = reasons.filter((reason) => {
        const entry = entryOf(messages, reason);
        return !(typeof entry?.label === "string" && entry.label.trim() && typeof entry.what === "string" && entry.what.trim());
      });
      expect(missing, `skips.reasons in messages/${locale}/skips.json`).toEqual([]);
    });

    it(`holds no label for a reason the code never writes, in ${locale}`, () => {
      expect(Object.keys(skipsOf(locale).reasons as object).filter((reason) => !reasons.includes(reason))).toEqual([]);
    });
  }

  it("reads a reason with a detail by its head, and refuses a reason that cannot be a key", () => {
    expect(skipKeyOf("missing_variable:patientName")).toBe("reasons.missing_variable");
    expect(skipKeyOf("hard_stop")).toBe("reasons.hard_stop");
    expect(skipKeyOf("odd.reason")).toBeNull();
    expect(entryOf(skipsOf("en"), "missing_variable:patientName")?.label).toBe("Template variable missing");
    expect(entryOf(skipsOf("ar"), "missing_variable:reportId")?.label).toBe("متغير قالب مفقود");
  });
});
