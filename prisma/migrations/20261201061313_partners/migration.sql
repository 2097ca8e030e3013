-- CreateEnum
CREATE TYPE "TriggerAudience" AS ENUM ('PATIENT', 'PARTNER', 'BOTH');

-- CreateEnum
CREATE TYPE "TemplateAudience" AS ENUM ('PATIENT', 'PARTNER');

-- CreateEnum
CREATE TYPE "PartnerType" AS ENUM ('CLINIC', 'HOSPITAL', 'CORPORATE', 'INSURER', 'OTHER');

-- CreateEnum
CREATE TYPE "PartnerDelivery" AS ENUM ('IMMEDIATE', 'DIGEST');

-- DropIndex
DROP INDEX "Template_scope_triggerKey_channel_language_key";

-- AlterTable
ALTER TABLE "Template" ADD COLUMN     "audience" "TemplateAudience" NOT NULL DEFAULT 'PATIENT';

-- AlterTable
ALTER TABLE "Trigger" ADD COLUMN     "audience" "TriggerAudience" NOT NULL DEFAULT 'PATIENT';

-- CreateTable
CREATE TABLE "Partner" (
    "id" TEXT NOT NULL,
    "labId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "type" "PartnerType" NOT NULL,
    "externalId" TEXT,
    "timezone" TEXT,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Partner_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PartnerContact" (
    "id" TEXT NOT NULL,
    "labId" TEXT NOT NULL,
    "partnerId" TEXT NOT NULL,
    "contactId" TEXT NOT NULL,
    "channels" "Channel"[],
    "triggers" TEXT[],
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "PartnerContact_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PartnerRule" (
    "partnerId" TEXT NOT NULL,
    "labId" TEXT NOT NULL,
    "triggerKey" TEXT NOT NULL,
    "channels" "Channel"[],
    "notifyPatient" BOOLEAN NOT NULL DEFAULT true,
    "delivery" "PartnerDelivery" NOT NULL DEFAULT 'IMMEDIATE',
    "digestAt" TEXT,
    "digestWindowMinutes" INTEGER,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "PartnerRule_pkey" PRIMARY KEY ("partnerId","triggerKey")
);

-- CreateTable
CREATE TABLE "PartnerDigestEntry" (
    "id" TEXT NOT NULL,
    "labId" TEXT NOT NULL,
    "partnerId" TEXT NOT NULL,
    "triggerKey" TEXT NOT NULL,
    "variables" JSONB NOT NULL,
    "contactId" TEXT,
    "requestId" TEXT NOT NULL,
    "dueAt" TIMESTAMP(3) NOT NULL,
    "digestedAt" TIMESTAMP(3),
    "digestId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "PartnerDigestEntry_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "Partner_labId_name_idx" ON "Partner"("labId", "name");

-- CreateIndex
CREATE UNIQUE INDEX "Partner_labId_externalId_key" ON "Partner"("labId", "externalId");

-- CreateIndex
CREATE INDEX "PartnerContact_labId_idx" ON "PartnerContact"("labId");

-- CreateIndex
CREATE UNIQUE INDEX "PartnerContact_partnerId_contactId_key" ON "PartnerContact"("partnerId", "contactId");

-- CreateIndex
CREATE INDEX "PartnerRule_labId_idx" ON "PartnerRule"("labId");

-- CreateIndex
CREATE INDEX "PartnerDigestEntry_due_idx" ON "PartnerDigestEntry"("dueAt") WHERE ("digestedAt" IS NULL);

-- CreateIndex
CREATE INDEX "PartnerDigestEntry_partnerId_triggerKey_dueAt_idx" ON "PartnerDigestEntry"("partnerId", "triggerKey", "dueAt");

-- CreateIndex
CREATE UNIQUE INDEX "Template_scope_triggerKey_channel_language_audience_key" ON "Template"("scope", "triggerKey", "channel", "language", "audience");

-- AddForeignKey
ALTER TABLE "Partner" ADD CONSTRAINT "Partner_labId_fkey" FOREIGN KEY ("labId") REFERENCES "Lab"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PartnerContact" ADD CONSTRAINT "PartnerContact_partnerId_fkey" FOREIGN KEY ("partnerId") REFERENCES "Partner"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PartnerContact" ADD CONSTRAINT "PartnerContact_contactId_fkey" FOREIGN KEY ("contactId") REFERENCES "Contact"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PartnerRule" ADD CONSTRAINT "PartnerRule_partnerId_fkey" FOREIGN KEY ("partnerId") REFERENCES "Partner"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PartnerDigestEntry" ADD CONSTRAINT "PartnerDigestEntry_partnerId_fkey" FOREIGN KEY ("partnerId") REFERENCES "Partner"("id") ON DELETE CASCADE ON UPDATE CASCADE;
