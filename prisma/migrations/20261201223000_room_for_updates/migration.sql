-- A message row is rewritten at each step of its delivery (claimed, its call marked, its outcome, its
-- provider's reports). Room left on each page lets an update that changes no indexed column (the call
-- mark) stay on its page without new index entries (a heap-only update).
ALTER TABLE "Message" SET (fillfactor = 70);

-- A SendRequest row is written twice in one transaction: claimed with an empty response, then given it.
ALTER TABLE "SendRequest" SET (fillfactor = 50);

-- Retention redacts finished messages only: messages in flight need no entry in its index, so claiming
-- and marking a message no longer adds one.
DROP INDEX "Message_labId_redactedAt_createdAt_idx";
CREATE INDEX "Message_redactable_idx" ON "Message"("labId", "createdAt") WHERE ("redactedAt" IS NULL AND status = ANY (ARRAY['SKIPPED'::"MessageStatus", 'SENT'::"MessageStatus", 'DELIVERED'::"MessageStatus", 'READ'::"MessageStatus", 'UNDELIVERED'::"MessageStatus", 'FAILED'::"MessageStatus", 'CANCELLED'::"MessageStatus"]));
