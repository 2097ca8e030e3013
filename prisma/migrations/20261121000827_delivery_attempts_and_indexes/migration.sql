-- AlterTable
ALTER TABLE "BusinessAccount" ADD COLUMN     "maxAttempts" INTEGER NOT NULL DEFAULT 3;

-- CreateIndex
CREATE INDEX "Message_status_sentAt_idx" ON "Message"("status", "sentAt");

-- CreateIndex
CREATE INDEX "Message_labId_redactedAt_createdAt_idx" ON "Message"("labId", "redactedAt", "createdAt");
