import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { LOCALES } from "@/i18n/config";
import { failureKeysOf } from "@/lib/failure-keys";
import { OUTCOME_UNKNOWN } from "@/server/services/delivery/can-transition";
import { TWILIO_ERROR_RULES } from "@/server/providers/twilio/twilio-errors";
import { BY_CODE as META_CODES } from "@/server/providers/meta/meta-errors";
import { BY_CODE as UNIFONIC_CODES, BY_HTTP_STATUS as UNIFONIC_HTTP_STATUSES } from "@/server/providers/unifonic/unifonic-errors";
import { mapUnifonicStatus } from "@/server/providers/unifonic/unifonic-statuses";
import { SENDGRID_EVENT_MAPPING } from "@/server/providers/sendgrid/sendgrid-statuses";
import { classifyPinnacleAnswer } from "@/server/providers/pinnacle/pinnacle-errors";
import { PINNACLE_DEFAULT_STATUS_MAP } from "@/server/providers/pinnacle/pinnacle-config";
import { failureExplainer, messageExplainer } from "@/server/services/messages/explain-failure";

const ROOT = process.cwd();
// Where Herald's own failure reasons are decided: the adapters' classification and the delivery pipeline.
const SOURCE_DIRS = ["src/server/providers", "src/server/services"];
// zod's issue code, not a failure reason.
const NOT_REASONS = new Set(["custom"]);

function sourceFiles(dir: string): string[] {
  return readdirSync(path.join(ROOT, dir), { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith(".ts"))
    .map((entry) => path.join(entry.parentPath, entry.name));
}

/**
 * Every reason a classifier or the pipeline can write: `code: "..."`, the rule helpers, the strings a
 * `const code = ...` picks from (not a `typeof` test), and reported `errorCode: "..."`.
 */
function heraldCodes(): string[] {
  const found = new Set<string>([OUTCOME_UNKNOWN]);
  const patterns = [/\b(?:code|errorCode): "([a-z_]+)"/g, /\b(?:RECIPIENT|ACCOUNT|account|recipient|retry)\("([a-z_]+)"/g];
  for (const file of SOURCE_DIRS.flatMap(sourceFiles)) {
    const text = readFileSync(file, "utf8");
    for (const pattern of patterns) for (const [, code] of text.matchAll(pattern)) found.add(code!);
    for (const [line] of text.matchAll(/const code = [^;\n]*/g)) for (const [, code] of line.matchAll(/(?<!=== )"([a-z_]+)"/g)) found.add(code!);
  }
  return [...found].filter((code) => !NOT_REASONS.has(code)).sort();
}

function messagesOf(locale: string): Record<string, unknown> {
  return JSON.parse(readFileSync(path.join(ROOT, "messages", locale, "failures.json"), "utf8"));
}

function lookUp(messages: Record<string, unknown>, key: string): unknown {
  return key.split(".").reduce<unknown>((node, part) => (node !== null && typeof node === "object" ? (node as Record<string, unknown>)[part] : undefined), messages);
}

/** The key the dashboard would show for this code, in this locale's file; null when it would fall back. */
function explanationOf(messages: Record<string, unknown>, provider: string | null, code: string): { what: string; do: string } | null {
  const key = failureKeysOf(provider, code).find((k) => typeof lookUp(messages, `${k}.what`) === "string");
  return key ? (lookUp(messages, key) as { what: string; do: string }) : null;
}

/** What Pinnacle's classifier makes of each kind of refusal it tells apart: one answer per branch. */
function pinnacleClassifiedCodes(): string[] {
  const answer = (status: number, message: string) => ({ status, headers: new Headers(), text: "", json: { status: "error", message } });
  const answers = [
    answer(429, "slow down"),
    answer(503, "busy"),
    answer(401, "no"),
    answer(200, "Invalid API key"),
    answer(200, "Insufficient balance"),
    answer(200, "Number is in DND"),
    answer(200, "DLT template id mismatch"),
    answer(200, "Invalid mobile number"),
    answer(200, "Something else"),
  ];
  return [...new Set(answers.map((a) => classifyPinnacleAnswer(a, []).code))];
}

/**
 * The codes providers report (status callbacks, webhook payloads). Those an adapter's table translates
 * are stored as Herald's reason now, but timeline events recorded before still hold them.
 */
const REPORTED: [provider: string, codes: string[]][] = [
  ["twilio", Object.keys(TWILIO_ERROR_RULES)],
  // Status callbacks carry only ErrorCode: the carrier's delivery failures.
  ["twilio", ["30003", "30004", "30005", "30006", "30007", "30008"]],
  ["meta", Object.keys(META_CODES)],
  // Interakt passes WhatsApp's own codes on in its failure callbacks; Bevatel's carry only free text.
  ["interakt", ["131047", "131026", "failed"]],
  ["bevatel", ["failed"]],
  ["unifonic", [...Object.keys(UNIFONIC_CODES), ...Object.keys(UNIFONIC_HTTP_STATUSES)]],
  ["unifonic", ["Undeliverable", "Undelivered", "Expired", "Rejected", "Failed"].filter((dlr) => ["UNDELIVERED", "FAILED"].includes(mapUnifonicStatus(dlr) ?? ""))],
  // SendGrid's failed events store the SMTP status when there is one, else the bounce type or the event.
  ["sendgrid", ["bounce", "blocked", "dropped", "5.1.1", "4.2.2"]],
  ["sendgrid", Object.entries(SENDGRID_EVENT_MAPPING).filter(([, m]) => m.status === "UNDELIVERED" || m.status === "FAILED").map(([event]) => event)],
  ["resend", ["bounce_permanent", "bounce_permanent_general", "bounce_transient", "bounce_transient_mailboxfull", "suppressed_bounce", "suppressed_complaint", "failed"]],
  ["sandbox", ["carrier_rejected"]],
  // Pinnacle's send refusals are stored as Herald's classified code; its delivery reports store the
  // error field when there is one, else the failing status word (UNDELIV, REJECTD, ...).
  ["pinnacle", [...pinnacleClassifiedCodes(), "missing_message_id", "dlt_template_missing", "template_required"]],
  ["pinnacle", Object.entries(PINNACLE_DEFAULT_STATUS_MAP).filter(([, status]) => status === "UNDELIVERED" || status === "FAILED").map(([word]) => word)],
  // Pinnacle's WhatsApp callbacks pass on Meta's codes.
  ["pinnacle", ["131047", "131026"]],
];

describe("failure explanations", () => {
  const herald = heraldCodes();

  it("tells every kind of Pinnacle refusal apart (the classified list is not one code)", () => {
    expect(pinnacleClassifiedCodes().sort()).toEqual(["bad_credentials", "dlt_rejected", "insufficient_funds", "invalid_number", "provider_unavailable", "rate_limited", "rejected", "unsubscribed"]);
  });

  it("finds the reasons the classifiers write (the scan itself works)", () => {
    for (const code of ["template_required", "invalid_number", "rate_limited", "sender_not_verified", "circuit_open", "no_business_account", "outcome_unknown"]) {
      expect(herald).toContain(code);
    }
    expect(herald).not.toContain("custom");
  });

  for (const locale of LOCALES) {
    const messages = messagesOf(locale);

    it(`explains every reason Herald writes, with what to do, in ${locale}`, () => {
      const missing = herald.filter((code) => {
        const found = lookUp(messages, `herald.${code}`) as { what?: unknown; do?: unknown } | undefined;
        return !(typeof found?.what === "string" && found.what.trim() && typeof found.do === "string" && found.do.trim());
      });
      expect(missing, `failures.herald in messages/${locale}/failures.json`).toEqual([]);
    });

    it(`explains every provider code an adapter classifies or a callback reports, in ${locale}`, () => {
      const missing = REPORTED.flatMap(([provider, codes]) => codes.filter((code) => !explanationOf(messages, provider, code)?.do?.trim()).map((code) => `${provider}:${code}`));
      expect(missing).toEqual([]);
    });
  }

  it("reads a provider's own table before Herald's, and falls back by type for sub-typed codes", () => {
    const en = messagesOf("en");
    expect(explanationOf(en, "twilio", "63016")?.what).toMatch(/24 hours/);
    expect(explanationOf(en, "resend", "bounce_permanent_nomailbox")).toEqual(lookUp(en, "providers.resend.bounce_permanent"));
    expect(explanationOf(en, "sendgrid", "5.7.1")).toEqual(lookUp(en, "providers.sendgrid.smtp_5"));
    expect(explanationOf(en, "interakt", "131047")).toEqual(lookUp(en, "providers.meta.131047"));
    expect(explanationOf(en, "pinnacle", "UNDELIV")).toEqual(lookUp(en, "providers.pinnacle.undeliv"));
    expect(explanationOf(en, "pinnacle", "unsubscribed")?.what).toMatch(/Do-Not-Disturb/);
    // An unknown code is not explained by accident: the dashboard shows the provider's message or the code.
    expect(explanationOf(en, "twilio", "99999")).toBeNull();
    expect(explanationOf(en, "sendgrid", "odd.code")).toBeNull();
  });

  it("explains a failure in a report's reader's language, and falls back to the provider's message, then to the code", async () => {
    const en = await failureExplainer("en");
    const ar = await failureExplainer("ar");
    expect(en("twilio", "63016", null)).toBe(
      "The patient has not written to you in the last 24 hours: WhatsApp only accepts an approved template now. What to do: Bind an approved WhatsApp template for this trigger.",
    );
    expect(ar("twilio", "63016", null)).toContain("قالبًا معتمدًا");
    expect(en("twilio", "99999", "Some new refusal")).toBe("Some new refusal");
    expect(en("twilio", "99999", null)).toBe("Provider error 99999");
    expect(ar("twilio", "99999", " ")).toBe("خطأ من المزوّد 99999");
  });

  it("explains a file's message by its skip reason first, then by its failure, else leaves the cell empty", async () => {
    const en = await messageExplainer("en");
    const ar = await messageExplainer("ar");
    const message = { provider: "twilio", errorCode: null, errorMessage: null, skipReason: null };
    expect(en({ ...message, skipReason: "hard_stop" })).toMatch(/^Lab communications stopped: The lab's hard stop is on/);
    expect(ar({ ...message, skipReason: "missing_variable:reportId" })).toMatch(/^متغير قالب مفقود: /);
    expect(en({ ...message, skipReason: "some_new_reason" })).toBe("some_new_reason");
    expect(en({ ...message, errorCode: "63016" })).toContain("What to do: Bind an approved WhatsApp template");
    expect(en(message)).toBeNull();
  });
});
