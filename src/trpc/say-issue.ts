import type { useTranslations } from "next-intl";
import { DEFAULT_LOCALE, type TLocale } from "@/i18n/config";
import type { TSaidIssue } from "@/trpc/errors";

type TErrorTranslator = ReturnType<typeof useTranslations<"errors">>;

const ZOD_SIZE = new Set(["too_small", "too_big"]);
const ZOD_FORMATS = new Set(["email", "url"]);
const ZOD_PLAIN = new Set(["invalid_type", "invalid_value", "unrecognized_keys", "not_multiple_of"]);
const TRPC_CODES = new Set(["BAD_REQUEST", "NOT_FOUND", "FORBIDDEN", "UNAUTHORIZED", "CONFLICT", "PRECONDITION_FAILED"]);

/** The issue's details as message arguments: lists joined in the viewer's language. */
function argumentsOf(params: NonNullable<TSaidIssue["params"]>, locale: TLocale): Record<string, string | number> {
  const list = new Intl.ListFormat(locale, { type: "conjunction" });
  return Object.fromEntries(Object.entries(params).map(([key, value]) => [key, Array.isArray(value) ? list.format(value) : typeof value === "boolean" ? String(value) : value]));
}

/** zod's issue in the message files' words, when its details say all that its English message does. */
function zodText(t: TErrorTranslator, issue: TSaidIssue, values: Record<string, string | number>): string | null {
  const { code } = issue;
  if (!code) return null;
  if (code === "invalid_type" && issue.message.includes("received undefined")) return t("issues.required");
  if (ZOD_SIZE.has(code)) {
    const origin = String(values.origin ?? "");
    const kind = origin === "string" || origin === "number" || origin === "array" ? origin : "other";
    return t(`issues.${code as "too_small" | "too_big"}.${kind}`, values);
  }
  if (code === "invalid_format") return t(`issues.invalid_format.${ZOD_FORMATS.has(String(values.format)) ? (values.format as "email" | "url") : "other"}`);
  if (ZOD_PLAIN.has(code)) return t(`issues.${code as "invalid_type"}`, values);
  return null;
}

/**
 * An API error's issue in the viewer's language. A rule Herald has words for (`params.reason`)
 * is said from the message files in every language. Otherwise English shows the API's own
 * message, written for people and often more precise than a general sentence (a provider's
 * pattern, a unit); other languages get zod's details in their words, else a sentence for the
 * kind of error.
 */
export function sayIssue(t: TErrorTranslator, locale: TLocale, issue: TSaidIssue, errorCode: string | null, retryAfter?: number): string {
  const values = argumentsOf(issue.params ?? {}, locale);
  const reason = issue.params?.reason;
  if (typeof reason === "string" && t.has(`reasons.${reason}`)) return t(`reasons.${reason as "hard_stop"}`, values);
  if (issue.code === "network") return t("codes.network");
  if (locale === DEFAULT_LOCALE && issue.message) return issue.message;
  const zod = zodText(t, issue, values);
  if (zod) return zod;
  if (errorCode === "TOO_MANY_REQUESTS") return retryAfter ? t("codes.TOO_MANY_REQUESTS", { seconds: retryAfter }) : t("codes.TOO_MANY_REQUESTS_NOW");
  if (errorCode && TRPC_CODES.has(errorCode)) return t(`codes.${errorCode as "BAD_REQUEST"}`);
  return t(issue.code && issue.code !== "custom" ? "issues.other" : "codes.other");
}
