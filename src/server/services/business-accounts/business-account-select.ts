import type { Prisma } from "@/generated/prisma/client";

/** What callers may see of an account: never its (encrypted) config. */
export const businessAccountSelect = {
  id: true,
  labId: true,
  channel: true,
  provider: true,
  name: true,
  priority: true,
  maxAttempts: true,
  active: true,
  createdAt: true,
  updatedAt: true,
} satisfies Prisma.BusinessAccountSelect;

export type TBusinessAccountView = Prisma.BusinessAccountGetPayload<{ select: typeof businessAccountSelect }>;
