import type { Prisma } from "@/generated/prisma/client";

/** What procedures show of a campaign: every column but the rows themselves. */
export const campaignSelect = {
  id: true,
  labId: true,
  name: true,
  status: true,
  fileName: true,
  columns: true,
  rowCount: true,
  triggerKey: true,
  channels: true,
  language: true,
  mapping: true,
  summary: true,
  validatedAt: true,
  sendAt: true,
  startedAt: true,
  acceptedAt: true,
  completedAt: true,
  cancelledAt: true,
  createdById: true,
  createdAt: true,
  updatedAt: true,
} satisfies Prisma.CampaignSelect;
