-- DropIndex
DROP INDEX "Message_provider_providerMessageId_idx";

-- DropIndex
DROP INDEX "Message_status_nextAttemptAt_idx";

-- DropIndex
DROP INDEX "Message_status_sentAt_idx";

-- DropIndex
DROP INDEX "MessageEvent_labId_createdAt_idx";

-- CreateIndex
CREATE INDEX "Message_status_nextAttemptAt_idx" ON "Message"("status", "nextAttemptAt") WHERE (status = ANY (ARRAY['SCHEDULED'::"MessageStatus", 'QUEUED'::"MessageStatus", 'SENDING'::"MessageStatus"]));

-- CreateIndex
CREATE INDEX "Message_provider_providerMessageId_idx" ON "Message"("provider", "providerMessageId") WHERE ("providerMessageId" IS NOT NULL);

-- CreateIndex
CREATE INDEX "Message_status_sentAt_idx" ON "Message"("status", "sentAt") WHERE (status = 'SENT' OR (status = 'DELIVERED' AND channel = 'WHATSAPP'));
