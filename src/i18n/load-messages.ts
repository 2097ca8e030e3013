import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import type { AbstractIntlMessages } from "next-intl";
import type { TLocale } from "@/i18n/config";

export type TMessages = Record<string, AbstractIntlMessages>;

/**
 * Every `messages/<locale>/<namespace>.json`, keyed by namespace. Read from
 * the folder rather than a list in code, so a new page adds its file and
 * nothing else.
 */
export async function readMessages(locale: TLocale): Promise<TMessages> {
  // Paths spelled out under messages/, so the production build traces that folder alone.
  const files = (await readdir(path.join(process.cwd(), "messages", locale))).filter((file) => file.endsWith(".json")).sort();
  const entries = await Promise.all(
    files.map(async (file) => [path.basename(file, ".json"), JSON.parse(await readFile(path.join(process.cwd(), "messages", locale, file), "utf8"))] as const),
  );
  return Object.fromEntries(entries);
}

const cache = new Map<TLocale, Promise<TMessages>>();

/** Cached in production; read afresh in development so an edited file shows on the next render. */
export function loadMessages(locale: TLocale): Promise<TMessages> {
  if (process.env.NODE_ENV !== "production") return readMessages(locale);
  let messages = cache.get(locale);
  if (!messages) {
    messages = readMessages(locale);
    // A failed read is not remembered: the next request tries again.
    messages.catch(() => cache.delete(locale));
    cache.set(locale, messages);
  }
  return messages;
}
