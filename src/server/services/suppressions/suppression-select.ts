import type { Prisma } from "@/generated/prisma/client";

export const suppressionSelect = {
  id: true,
  channel: true,
  address: true,
  reason: true,
  source: true,
  detail: true,
  createdAt: true,
} satisfies Prisma.SuppressionSelect;
