import type { Prisma } from "@/generated/prisma/client";

/** What callers may see of a key: never its hash. */
export const apiKeySelect = {
  id: true,
  name: true,
  prefix: true,
  labId: true,
  organizationId: true,
  createdById: true,
  lastUsedAt: true,
  revokedAt: true,
  createdAt: true,
} satisfies Prisma.ApiKeySelect;
