import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { parse, TYPE, type MessageFormatElement } from "@formatjs/icu-messageformat-parser";
import { describe, expect, it } from "vitest";
import { DEFAULT_LOCALE, LOCALES } from "@/i18n/config";

const MESSAGES_DIR = path.join(process.cwd(), "messages");

type TFlat = Map<string, string>;

/** "a": {"b": "x"} becomes "a.b" -> "x"; a non-string leaf is a defect of its own. */
function flatten(value: unknown, prefix: string, into: TFlat): TFlat {
  if (typeof value === "string") into.set(prefix, value);
  else if (value !== null && typeof value === "object" && !Array.isArray(value)) {
    for (const [key, child] of Object.entries(value)) flatten(child, prefix ? `${prefix}.${key}` : key, into);
  } else throw new Error(`${prefix}: expected a string or an object of messages, got ${JSON.stringify(value)}`);
  return into;
}

function namespaces(locale: string): string[] {
  return readdirSync(path.join(MESSAGES_DIR, locale))
    .filter((file) => file.endsWith(".json"))
    .map((file) => path.basename(file, ".json"))
    .sort();
}

function messagesOf(locale: string, namespace: string): TFlat {
  return flatten(JSON.parse(readFileSync(path.join(MESSAGES_DIR, locale, `${namespace}.json`), "utf8")), "", new Map());
}

/** The names a message needs from its caller: arguments (also inside plural and select branches) and rich-text tags. */
function argumentsOf(elements: MessageFormatElement[], into = new Set<string>()): Set<string> {
  for (const element of elements) {
    if (element.type === TYPE.literal || element.type === TYPE.pound) continue;
    into.add(element.type === TYPE.tag ? `<${element.value}>` : element.value);
    if (element.type === TYPE.tag) argumentsOf(element.children, into);
    if (element.type === TYPE.plural || element.type === TYPE.select) {
      for (const option of Object.values(element.options)) argumentsOf(option.value, into);
    }
  }
  return into;
}

const others = LOCALES.filter((locale) => locale !== DEFAULT_LOCALE);

describe("message files", () => {
  it("every locale has the same namespaces", () => {
    for (const locale of others) expect(namespaces(locale), locale).toEqual(namespaces(DEFAULT_LOCALE));
  });

  const all = [...new Set(LOCALES.flatMap(namespaces))];
  describe.each(all)("namespace %s", (namespace) => {
    const byLocale = new Map(LOCALES.map((locale) => [locale, namespaces(locale).includes(namespace) ? messagesOf(locale, namespace) : new Map<string, string>()]));

    it.each(others)(`has the same keys in ${DEFAULT_LOCALE} and %s`, (locale) => {
      const base = [...byLocale.get(DEFAULT_LOCALE)!.keys()];
      const other = [...byLocale.get(locale)!.keys()];
      expect({ [`missing in ${locale}`]: base.filter((key) => !other.includes(key)) }).toEqual({ [`missing in ${locale}`]: [] });
      expect({ [`missing in ${DEFAULT_LOCALE}`]: other.filter((key) => !base.includes(key)) }).toEqual({ [`missing in ${DEFAULT_LOCALE}`]: [] });
    });

    it.each(LOCALES)("parses as ICU in %s", (locale) => {
      const broken = [...byLocale.get(locale)!].flatMap(([key, message]) => {
        try {
          parse(message);
          return [];
        } catch (error) {
          return [`${key}: ${(error as Error).message}`];
        }
      });
      expect(broken).toEqual([]);
    });

    it.each(others)(`takes the same arguments in ${DEFAULT_LOCALE} and %s`, (locale) => {
      const mismatched: string[] = [];
      for (const [key, message] of byLocale.get(DEFAULT_LOCALE)!) {
        const translated = byLocale.get(locale)!.get(key);
        if (translated === undefined) continue;
        const expected = [...argumentsOf(parse(message))].sort();
        const actual = [...argumentsOf(parse(translated))].sort();
        if (expected.join() !== actual.join()) mismatched.push(`${key}: ${DEFAULT_LOCALE} takes [${expected}], ${locale} takes [${actual}]`);
      }
      expect(mismatched).toEqual([]);
    });
  });
});
