-- CreateTable
CREATE TABLE "AccountBreaker" (
    "businessAccountId" TEXT NOT NULL,
    "failures" INTEGER NOT NULL DEFAULT 0,
    "firstFailureAtMs" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "lastCode" TEXT,
    "openedAtMs" DOUBLE PRECISION,
    "openUntilMs" DOUBLE PRECISION,
    "probeUntilMs" DOUBLE PRECISION,
    "changedBy" TEXT,

    CONSTRAINT "AccountBreaker_pkey" PRIMARY KEY ("businessAccountId")
);

-- AddForeignKey
ALTER TABLE "AccountBreaker" ADD CONSTRAINT "AccountBreaker_businessAccountId_fkey" FOREIGN KEY ("businessAccountId") REFERENCES "BusinessAccount"("id") ON DELETE CASCADE ON UPDATE CASCADE;
