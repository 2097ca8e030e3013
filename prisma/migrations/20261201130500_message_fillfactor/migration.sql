-- Dispatch writes each message three times (claim, call mark, outcome). The call mark changes only
-- "callStartedAt", which no index holds: with room left on the row's page it is a HOT update, with no
-- new entry in any of Message's nine indexes. At the default fill factor (100) pages are full and
-- fewer than one update in fifteen was HOT.
ALTER TABLE "Message" SET (fillfactor = 70);
