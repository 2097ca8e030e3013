-- CreateIndex
CREATE INDEX "Message_outcome_unknown_idx" ON "Message"("updatedAt") WHERE (status = 'FAILED' AND "errorCode" = 'outcome_unknown');
