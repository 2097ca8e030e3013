import type { Prisma } from "@/generated/prisma/client";
import type { Db } from "@/server/db";
import { encryptionKey } from "@/server/crypto/encryption-key";
import { openJson, sealJson } from "@/server/crypto/secret-box";

/** A message's content as rendered, before masking: what its provider must receive. */
export type TSealedContent = {
  subject: string | null;
  body: string | null;
  html: string | null;
  text: string | null;
  variables: Prisma.JsonValue;
};

const contextOf = (messageId: string) => `Message.sealedContent:${messageId}`;

export function sealMessageContent(messageId: string, content: TSealedContent): string {
  return sealJson(content, encryptionKey(), contextOf(messageId));
}

export function openMessageContent(messageId: string, sealed: string): TSealedContent {
  return openJson(sealed, encryptionKey(), contextOf(messageId)) as TSealedContent;
}

type TClaimedContent = TSealedContent & { id: string; triggerKey: string };

/**
 * Claimed messages with their sealed content opened, for the provider call only: the plain columns
 * hold it masked. One read, and only when the batch has OTP messages, so bulk batches pay nothing.
 */
export async function withSealedContent<T extends TClaimedContent>(db: Db, claimed: T[]): Promise<T[]> {
  const ids = claimed.filter((m) => m.triggerKey === "OTP").map((m) => m.id);
  if (ids.length === 0) return claimed;
  const rows = await db.message.findMany({ where: { id: { in: ids }, sealedContent: { not: null } }, select: { id: true, sealedContent: true } });
  if (rows.length === 0) return claimed;
  const sealed = new Map(rows.map((r) => [r.id, r.sealedContent!]));
  return claimed.map((m) => {
    const content = sealed.get(m.id);
    return content ? { ...m, ...openMessageContent(m.id, content) } : m;
  });
}
