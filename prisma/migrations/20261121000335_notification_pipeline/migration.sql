-- CreateEnum
CREATE TYPE "Channel" AS ENUM ('SMS', 'WHATSAPP', 'EMAIL');

-- CreateEnum
CREATE TYPE "ConsentStatus" AS ENUM ('GRANTED', 'WITHDRAWN');

-- CreateEnum
CREATE TYPE "MessageStatus" AS ENUM ('SKIPPED', 'SCHEDULED', 'QUEUED', 'SENDING', 'SENT', 'DELIVERED', 'READ', 'UNDELIVERED', 'FAILED', 'CANCELLED');

-- CreateTable
CREATE TABLE "Trigger" (
    "key" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "category" TEXT NOT NULL,
    "channels" "Channel"[],
    "critical" BOOLEAN NOT NULL DEFAULT false,
    "variables" TEXT[],
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Trigger_pkey" PRIMARY KEY ("key")
);

-- CreateTable
CREATE TABLE "LabTrigger" (
    "labId" TEXT NOT NULL,
    "triggerKey" TEXT NOT NULL,
    "channel" "Channel" NOT NULL,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "LabTrigger_pkey" PRIMARY KEY ("labId","triggerKey","channel")
);

-- CreateTable
CREATE TABLE "Template" (
    "id" TEXT NOT NULL,
    "scope" TEXT NOT NULL,
    "labId" TEXT,
    "triggerKey" TEXT NOT NULL,
    "channel" "Channel" NOT NULL,
    "language" TEXT NOT NULL,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "currentVersion" INTEGER NOT NULL DEFAULT 1,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Template_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "TemplateVersion" (
    "id" TEXT NOT NULL,
    "templateId" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "body" TEXT,
    "subject" TEXT,
    "html" TEXT,
    "text" TEXT,
    "waTemplateName" TEXT,
    "waContentSid" TEXT,
    "waLanguage" TEXT,
    "waVariables" TEXT[],
    "createdById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "TemplateVersion_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Contact" (
    "id" TEXT NOT NULL,
    "labId" TEXT NOT NULL,
    "externalId" TEXT,
    "name" TEXT,
    "phone" TEXT,
    "whatsapp" TEXT,
    "email" TEXT,
    "language" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Contact_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ContactConsent" (
    "contactId" TEXT NOT NULL,
    "channel" "Channel" NOT NULL,
    "status" "ConsentStatus" NOT NULL,
    "source" TEXT NOT NULL,
    "at" TIMESTAMP(3) NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ContactConsent_pkey" PRIMARY KEY ("contactId","channel")
);

-- CreateTable
CREATE TABLE "ContactPreference" (
    "contactId" TEXT NOT NULL,
    "category" TEXT NOT NULL,
    "optedOut" BOOLEAN NOT NULL,
    "at" TIMESTAMP(3) NOT NULL,
    "source" TEXT NOT NULL,

    CONSTRAINT "ContactPreference_pkey" PRIMARY KEY ("contactId","category")
);

-- CreateTable
CREATE TABLE "BusinessAccount" (
    "id" TEXT NOT NULL,
    "labId" TEXT,
    "channel" "Channel" NOT NULL,
    "provider" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "configEnc" TEXT NOT NULL,
    "priority" INTEGER NOT NULL DEFAULT 0,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "BusinessAccount_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Message" (
    "id" TEXT NOT NULL,
    "labId" TEXT NOT NULL,
    "contactId" TEXT,
    "triggerKey" TEXT NOT NULL,
    "channel" "Channel" NOT NULL,
    "language" TEXT,
    "category" TEXT NOT NULL,
    "critical" BOOLEAN NOT NULL DEFAULT false,
    "status" "MessageStatus" NOT NULL,
    "skipReason" TEXT,
    "to" TEXT,
    "templateVersionId" TEXT,
    "subject" TEXT,
    "body" TEXT,
    "html" TEXT,
    "text" TEXT,
    "variables" JSONB,
    "segments" INTEGER,
    "encoding" TEXT,
    "businessAccountId" TEXT,
    "provider" TEXT,
    "providerMessageId" TEXT,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "nextAttemptAt" TIMESTAMP(3),
    "sendAt" TIMESTAMP(3),
    "errorCode" TEXT,
    "errorMessage" TEXT,
    "cost" DECIMAL(12,6),
    "currency" TEXT,
    "idempotencyKey" TEXT,
    "requestId" TEXT,
    "claimedBy" TEXT,
    "claimedAt" TIMESTAMP(3),
    "sentAt" TIMESTAMP(3),
    "deliveredAt" TIMESTAMP(3),
    "redactedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Message_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "MessageEvent" (
    "id" TEXT NOT NULL,
    "messageId" TEXT NOT NULL,
    "labId" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "status" "MessageStatus",
    "source" TEXT NOT NULL,
    "detail" JSONB,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "MessageEvent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SendRequest" (
    "id" TEXT NOT NULL,
    "labId" TEXT NOT NULL,
    "idempotencyKey" TEXT NOT NULL,
    "response" JSONB NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "SendRequest_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "MessageDailyStat" (
    "day" DATE NOT NULL,
    "labId" TEXT NOT NULL,
    "channel" "Channel" NOT NULL,
    "triggerKey" TEXT NOT NULL,
    "status" "MessageStatus" NOT NULL,
    "count" INTEGER NOT NULL,
    "cost" DECIMAL(14,6) NOT NULL DEFAULT 0,

    CONSTRAINT "MessageDailyStat_pkey" PRIMARY KEY ("day","labId","channel","triggerKey","status")
);

-- CreateIndex
CREATE INDEX "Template_labId_idx" ON "Template"("labId");

-- CreateIndex
CREATE UNIQUE INDEX "Template_scope_triggerKey_channel_language_key" ON "Template"("scope", "triggerKey", "channel", "language");

-- CreateIndex
CREATE UNIQUE INDEX "TemplateVersion_templateId_version_key" ON "TemplateVersion"("templateId", "version");

-- CreateIndex
CREATE INDEX "Contact_labId_phone_idx" ON "Contact"("labId", "phone");

-- CreateIndex
CREATE INDEX "Contact_labId_email_idx" ON "Contact"("labId", "email");

-- CreateIndex
CREATE UNIQUE INDEX "Contact_labId_externalId_key" ON "Contact"("labId", "externalId");

-- CreateIndex
CREATE INDEX "BusinessAccount_labId_channel_active_priority_idx" ON "BusinessAccount"("labId", "channel", "active", "priority");

-- CreateIndex
CREATE INDEX "Message_labId_createdAt_idx" ON "Message"("labId", "createdAt");

-- CreateIndex
CREATE INDEX "Message_labId_status_createdAt_idx" ON "Message"("labId", "status", "createdAt");

-- CreateIndex
CREATE INDEX "Message_status_nextAttemptAt_idx" ON "Message"("status", "nextAttemptAt");

-- CreateIndex
CREATE INDEX "Message_provider_providerMessageId_idx" ON "Message"("provider", "providerMessageId");

-- CreateIndex
CREATE INDEX "Message_contactId_idx" ON "Message"("contactId");

-- CreateIndex
CREATE INDEX "MessageEvent_messageId_createdAt_idx" ON "MessageEvent"("messageId", "createdAt");

-- CreateIndex
CREATE INDEX "MessageEvent_labId_createdAt_idx" ON "MessageEvent"("labId", "createdAt");

-- CreateIndex
CREATE INDEX "SendRequest_createdAt_idx" ON "SendRequest"("createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "SendRequest_labId_idempotencyKey_key" ON "SendRequest"("labId", "idempotencyKey");

-- AddForeignKey
ALTER TABLE "LabTrigger" ADD CONSTRAINT "LabTrigger_labId_fkey" FOREIGN KEY ("labId") REFERENCES "Lab"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "LabTrigger" ADD CONSTRAINT "LabTrigger_triggerKey_fkey" FOREIGN KEY ("triggerKey") REFERENCES "Trigger"("key") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Template" ADD CONSTRAINT "Template_labId_fkey" FOREIGN KEY ("labId") REFERENCES "Lab"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Template" ADD CONSTRAINT "Template_triggerKey_fkey" FOREIGN KEY ("triggerKey") REFERENCES "Trigger"("key") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "TemplateVersion" ADD CONSTRAINT "TemplateVersion_templateId_fkey" FOREIGN KEY ("templateId") REFERENCES "Template"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Contact" ADD CONSTRAINT "Contact_labId_fkey" FOREIGN KEY ("labId") REFERENCES "Lab"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ContactConsent" ADD CONSTRAINT "ContactConsent_contactId_fkey" FOREIGN KEY ("contactId") REFERENCES "Contact"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ContactPreference" ADD CONSTRAINT "ContactPreference_contactId_fkey" FOREIGN KEY ("contactId") REFERENCES "Contact"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "BusinessAccount" ADD CONSTRAINT "BusinessAccount_labId_fkey" FOREIGN KEY ("labId") REFERENCES "Lab"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Message" ADD CONSTRAINT "Message_labId_fkey" FOREIGN KEY ("labId") REFERENCES "Lab"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Message" ADD CONSTRAINT "Message_contactId_fkey" FOREIGN KEY ("contactId") REFERENCES "Contact"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Message" ADD CONSTRAINT "Message_templateVersionId_fkey" FOREIGN KEY ("templateVersionId") REFERENCES "TemplateVersion"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Message" ADD CONSTRAINT "Message_businessAccountId_fkey" FOREIGN KEY ("businessAccountId") REFERENCES "BusinessAccount"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MessageEvent" ADD CONSTRAINT "MessageEvent_messageId_fkey" FOREIGN KEY ("messageId") REFERENCES "Message"("id") ON DELETE CASCADE ON UPDATE CASCADE;
