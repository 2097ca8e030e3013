-- CreateTable
CREATE TABLE "MessageStatHour" (
    "labId" TEXT NOT NULL,
    "hour" TIMESTAMP(0) NOT NULL,
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

    CONSTRAINT "MessageStatHour_pkey" PRIMARY KEY ("labId","hour","channel","triggerKey","businessAccountId","provider","status","reason","currency")
);

-- CreateTable
CREATE TABLE "MessageStatDay" (
    "labId" TEXT NOT NULL,
    "day" DATE NOT NULL,
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

    CONSTRAINT "MessageStatDay_pkey" PRIMARY KEY ("labId","day","channel","triggerKey","businessAccountId","provider","status","reason","currency")
);

-- CreateTable
CREATE TABLE "MessageLatencyHour" (
    "labId" TEXT NOT NULL,
    "hour" TIMESTAMP(0) NOT NULL,
    "channel" "Channel" NOT NULL,
    "triggerKey" TEXT NOT NULL,
    "provider" TEXT NOT NULL,
    "sentLatency" INTEGER[],
    "deliveredLatency" INTEGER[],

    CONSTRAINT "MessageLatencyHour_pkey" PRIMARY KEY ("labId","hour","channel","triggerKey","provider")
);

-- CreateTable
CREATE TABLE "MessageLatencyDay" (
    "labId" TEXT NOT NULL,
    "day" DATE NOT NULL,
    "channel" "Channel" NOT NULL,
    "triggerKey" TEXT NOT NULL,
    "provider" TEXT NOT NULL,
    "sentLatency" INTEGER[],
    "deliveredLatency" INTEGER[],

    CONSTRAINT "MessageLatencyDay_pkey" PRIMARY KEY ("labId","day","channel","triggerKey","provider")
);

-- CreateTable
CREATE TABLE "MessageStatLedger" (
    "messageId" TEXT NOT NULL,
    "labId" TEXT NOT NULL,
    "hour" TIMESTAMP(0) NOT NULL,
    "channel" "Channel" NOT NULL,
    "triggerKey" TEXT NOT NULL,
    "businessAccountId" TEXT NOT NULL,
    "provider" TEXT NOT NULL,
    "status" "MessageStatus" NOT NULL,
    "reason" TEXT NOT NULL,
    "currency" TEXT NOT NULL,
    "cost" DECIMAL(12,6) NOT NULL,
    "segments" INTEGER NOT NULL,
    "sentBucket" INTEGER,
    "deliveredBucket" INTEGER,

    CONSTRAINT "MessageStatLedger_pkey" PRIMARY KEY ("messageId")
);

-- CreateTable
CREATE TABLE "StatRollup" (
    "id" TEXT NOT NULL,
    "watermark" TIMESTAMP(3) NOT NULL,
    "asOf" TIMESTAMP(3) NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "StatRollup_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "MessageStatLedger_labId_idx" ON "MessageStatLedger"("labId");

-- CreateIndex
CREATE INDEX "MessageEvent_createdAt_idx" ON "MessageEvent" USING BRIN ("createdAt");

-- AddForeignKey
ALTER TABLE "MessageStatHour" ADD CONSTRAINT "MessageStatHour_labId_fkey" FOREIGN KEY ("labId") REFERENCES "Lab"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MessageStatDay" ADD CONSTRAINT "MessageStatDay_labId_fkey" FOREIGN KEY ("labId") REFERENCES "Lab"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MessageLatencyHour" ADD CONSTRAINT "MessageLatencyHour_labId_fkey" FOREIGN KEY ("labId") REFERENCES "Lab"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MessageLatencyDay" ADD CONSTRAINT "MessageLatencyDay_labId_fkey" FOREIGN KEY ("labId") REFERENCES "Lab"("id") ON DELETE CASCADE ON UPDATE CASCADE;
