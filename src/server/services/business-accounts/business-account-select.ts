import type { Prisma } from "@/generated/prisma/client";

/** The plain columns of an account; views add its masked config (business-account-view.ts). */
export const businessAccountSelect = {
  id: true,
  labId: true,
  channel: true,
  provider: true,
  name: true,
  priority: true,
  maxAttempts: true,
  atLeastOnce: true,
  sendRatePerSecond: true,
  active: true,
  createdAt: true,
  updatedAt: true,
} satisfies Prisma.BusinessAccountSelect;
