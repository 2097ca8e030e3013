-- CreateEnum
CREATE TYPE "CampaignStatus" AS ENUM ('DRAFT', 'SCHEDULED', 'RUNNING', 'PAUSED', 'COMPLETED', 'CANCELLED');

-- CreateEnum
CREATE TYPE "CampaignRowStatus" AS ENUM ('PENDING', 'READY', 'SKIPPED', 'REJECTED', 'SENDING', 'ACCEPTED', 'CANCELLED');

-- CreateTable
CREATE TABLE "Campaign" (
    "id" TEXT NOT NULL,
    "labId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "status" "CampaignStatus" NOT NULL DEFAULT 'DRAFT',
    "fileName" TEXT,
    "columns" TEXT[],
    "rowCount" INTEGER NOT NULL DEFAULT 0,
    "triggerKey" TEXT,
    "channels" "Channel"[],
    "language" TEXT,
    "mapping" JSONB,
    "summary" JSONB,
    "validatedAt" TIMESTAMP(3),
    "sendAt" TIMESTAMP(3),
    "startedAt" TIMESTAMP(3),
    "acceptedAt" TIMESTAMP(3),
    "completedAt" TIMESTAMP(3),
    "cancelledAt" TIMESTAMP(3),
    "idempotencyKey" TEXT,
    "createdById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Campaign_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CampaignRow" (
    "campaignId" TEXT NOT NULL,
    "rowNumber" INTEGER NOT NULL,
    "cells" JSONB NOT NULL,
    "status" "CampaignRowStatus" NOT NULL DEFAULT 'PENDING',
    "errors" JSONB,
    "outcome" JSONB,
    "claimedAt" TIMESTAMP(3),

    CONSTRAINT "CampaignRow_pkey" PRIMARY KEY ("campaignId","rowNumber")
);

-- CreateTable
CREATE TABLE "CampaignMessage" (
    "messageId" TEXT NOT NULL,
    "campaignId" TEXT NOT NULL,
    "rowNumber" INTEGER NOT NULL,
    "channel" "Channel" NOT NULL,

    CONSTRAINT "CampaignMessage_pkey" PRIMARY KEY ("messageId")
);

-- CreateTable
CREATE TABLE "CampaignPace" (
    "labId" TEXT NOT NULL,
    "ratePerSecond" DOUBLE PRECISION,
    "nextSlotMs" DOUBLE PRECISION NOT NULL DEFAULT 0,

    CONSTRAINT "CampaignPace_pkey" PRIMARY KEY ("labId")
);

-- CreateIndex
CREATE INDEX "Campaign_labId_createdAt_idx" ON "Campaign"("labId", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "Campaign_labId_idempotencyKey_key" ON "Campaign"("labId", "idempotencyKey");

-- CreateIndex
CREATE INDEX "CampaignRow_campaignId_status_rowNumber_idx" ON "CampaignRow"("campaignId", "status", "rowNumber");

-- CreateIndex
CREATE INDEX "CampaignMessage_campaignId_rowNumber_idx" ON "CampaignMessage"("campaignId", "rowNumber");

-- AddForeignKey
ALTER TABLE "CampaignRow" ADD CONSTRAINT "CampaignRow_campaignId_fkey" FOREIGN KEY ("campaignId") REFERENCES "Campaign"("id") ON DELETE CASCADE ON UPDATE CASCADE;
