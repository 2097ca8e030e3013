-- DropTable
DROP TABLE "MessageDailyStat";

-- CreateTable
CREATE TABLE "MessageStatMonth" (
    "labId" TEXT NOT NULL,
    "month" DATE NOT NULL,
    "channel" "Channel" NOT NULL,
    "triggerKey" TEXT NOT NULL,
    "businessAccountId" TEXT NOT NULL,
    "provider" TEXT NOT NULL,
    "status" "MessageStatus" NOT NULL,
    "reason" TEXT NOT NULL,
    "currency" TEXT NOT NULL,
    "count" INTEGER NOT NULL,
    "cost" DECIMAL(18,6) NOT NULL,
    "segments" INTEGER NOT NULL,

    CONSTRAINT "MessageStatMonth_pkey" PRIMARY KEY ("labId","month","channel","triggerKey","businessAccountId","provider","status","reason","currency")
);

-- CreateTable
CREATE TABLE "MessageStatChannelDay" (
    "labId" TEXT NOT NULL,
    "day" DATE NOT NULL,
    "channel" "Channel" NOT NULL,
    "provider" TEXT NOT NULL,
    "status" "MessageStatus" NOT NULL,
    "count" INTEGER NOT NULL,
    "segments" INTEGER NOT NULL,

    CONSTRAINT "MessageStatChannelDay_pkey" PRIMARY KEY ("labId","day","channel","provider","status")
);

-- CreateTable
CREATE TABLE "MessageLatencyMonth" (
    "labId" TEXT NOT NULL,
    "month" DATE NOT NULL,
    "channel" "Channel" NOT NULL,
    "triggerKey" TEXT NOT NULL,
    "provider" TEXT NOT NULL,
    "sentLatency" INTEGER[],
    "deliveredLatency" INTEGER[],

    CONSTRAINT "MessageLatencyMonth_pkey" PRIMARY KEY ("labId","month","channel","triggerKey","provider")
);

-- AddForeignKey
ALTER TABLE "MessageStatMonth" ADD CONSTRAINT "MessageStatMonth_labId_fkey" FOREIGN KEY ("labId") REFERENCES "Lab"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MessageStatChannelDay" ADD CONSTRAINT "MessageStatChannelDay_labId_fkey" FOREIGN KEY ("labId") REFERENCES "Lab"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MessageLatencyMonth" ADD CONSTRAINT "MessageLatencyMonth_labId_fkey" FOREIGN KEY ("labId") REFERENCES "Lab"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Fill the new tables from the daily figures, so existing installations read whole months and daily
-- series at once; the rollup keeps them current from here on, in the statement that updates the days.
INSERT INTO "MessageStatMonth" ("labId", "month", "channel", "triggerKey", "businessAccountId", "provider", "status", "reason", "currency", "count", "cost", "segments")
SELECT "labId", date_trunc('month', "day")::date, "channel", "triggerKey", "businessAccountId", "provider", "status", "reason", "currency",
  sum("count")::int, sum("cost"), sum("segments")::int
FROM "MessageStatDay"
GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9;

INSERT INTO "MessageStatChannelDay" ("labId", "day", "channel", "provider", "status", "count", "segments")
SELECT "labId", "day", "channel", "provider", "status", sum("count")::int, sum("segments")::int
FROM "MessageStatDay"
GROUP BY 1, 2, 3, 4, 5;

INSERT INTO "MessageLatencyMonth" ("labId", "month", "channel", "triggerKey", "provider", "sentLatency", "deliveredLatency")
SELECT "labId", "month", "channel", "triggerKey", "provider", array_agg(sent ORDER BY i), array_agg(delivered ORDER BY i)
FROM (
  SELECT d."labId", date_trunc('month', d."day")::date AS "month", d."channel", d."triggerKey", d."provider", u.i,
    sum(u.sent)::int AS sent, sum(u.delivered)::int AS delivered
  FROM "MessageLatencyDay" d, unnest(d."sentLatency", d."deliveredLatency") WITH ORDINALITY AS u(sent, delivered, i)
  GROUP BY 1, 2, 3, 4, 5, 6
) positions
GROUP BY 1, 2, 3, 4, 5;
