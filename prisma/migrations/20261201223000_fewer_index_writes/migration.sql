-- A SendRequest row is written twice in one transaction: claimed with an empty response, then given it.
-- Room left on each page lets the second write stay on the page without new index entries (a heap-only
-- update): the table holds a day of keys, so the room costs little.
ALTER TABLE "SendRequest" SET (fillfactor = 50);

-- Retention redacts finished messages only: messages in flight need no entry in its index, so storing,
-- claiming and marking a message no longer adds one.
DROP INDEX "Message_labId_redactedAt_createdAt_idx";
CREATE INDEX "Message_redactable_idx" ON "Message"("labId", "createdAt") WHERE ("redactedAt" IS NULL AND status = ANY (ARRAY['SKIPPED'::"MessageStatus", 'SENT'::"MessageStatus", 'DELIVERED'::"MessageStatus", 'READ'::"MessageStatus", 'UNDELIVERED'::"MessageStatus", 'FAILED'::"MessageStatus", 'CANCELLED'::"MessageStatus"]));
