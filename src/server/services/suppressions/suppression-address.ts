import type { Channel } from "@/generated/prisma/enums";

/**
 * The form an address is suppressed under: E.164 for phones (a provider's "whatsapp:" prefix
 * dropped), lower case for email, so one patient is one entry however a provider spells them.
 */
export function suppressionAddress(channel: Channel, address: string): string {
  const trimmed = address.trim();
  if (channel === "EMAIL") return trimmed.toLowerCase();
  const bare = trimmed.replace(/^whatsapp:/i, "").replace(/[\s()-]/g, "");
  return bare.startsWith("+") ? bare : `+${bare.replace(/^00/, "")}`;
}
