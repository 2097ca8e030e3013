import { readFileSync } from "node:fs";
import path from "node:path";
import { createTranslator } from "next-intl";
import { describe, expect, it } from "vitest";
import type { TLocale } from "@/i18n/config";
import { sayIssue } from "@/trpc/say-issue";

function say(locale: TLocale) {
  const errors = JSON.parse(readFileSync(path.join(process.cwd(), "messages", locale, "errors.json"), "utf8"));
  const t = createTranslator({ locale, messages: { errors }, namespace: "errors" });
  return (...args: Parameters<typeof sayIssue> extends [unknown, unknown, ...infer R] ? R : never) => sayIssue(t, locale, ...args);
}

const [en, ar] = [say("en"), say("ar")];

describe("the API's errors in the viewer's language", () => {
  it("words a rule the service named from the message files, in English and in Arabic", () => {
    const issue = { code: "custom", message: "expected a valid phone number for SA", params: { reason: "phone_invalid", country: "SA" } };
    expect(en(issue, "BAD_REQUEST")).toBe("expected a valid phone number for SA");
    expect(ar(issue, "BAD_REQUEST")).toBe("أدخل رقم هاتف صحيحًا في SA");
  });

  it("keeps a template's variable braces and lists in the viewer's words", () => {
    const issue = { message: "unknown variable {{ patientNme }} for REPORT_READY", params: { reason: "unknown_variable", name: "patientNme", trigger: "REPORT_READY", known: ["patientName", "reportUrl"] } };
    expect(en(issue, null)).toBe("unknown variable {{ patientNme }} for REPORT_READY (it has patientName and reportUrl)");
    expect(ar(issue, null)).toBe("متغير غير معروف {{ patientNme }} في REPORT_READY (متغيراته: patientName وreportUrl)");
  });

  it("keeps the API's own English where no rule is named, and says zod's details in Arabic", () => {
    const issue = { code: "too_small", message: "expected at least 8 characters", params: { origin: "string", minimum: 8, inclusive: true } };
    expect(en(issue, "BAD_REQUEST")).toBe("expected at least 8 characters");
    expect(ar(issue, "BAD_REQUEST")).toBe("يجب ألا يقل عن 8 أحرف");
    expect(ar({ code: "invalid_format", message: "expected starting with AC", params: { format: "regex" } }, "BAD_REQUEST")).toBe("الصيغة غير صحيحة");
  });

  it("falls back to a sentence for the kind of error, never the English message, in Arabic", () => {
    expect(ar({ code: "custom", message: "business account not found in this lab" }, "NOT_FOUND")).toBe("غير موجود: ربما أُزيل، أو ليست لديك صلاحية الوصول إليه.");
    expect(ar({ message: "slow down" }, "TOO_MANY_REQUESTS", 3)).toBe("محاولات كثيرة؛ حاول مرة أخرى بعد 3 ثوانٍ.");
    expect(en({ message: "Failed to fetch", code: "network" }, null)).toBe("Herald could not be reached; check the connection and try again.");
  });
});
