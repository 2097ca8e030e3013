-- AlterTable
ALTER TABLE "BusinessAccount" ADD COLUMN     "sendRatePerSecond" DOUBLE PRECISION;

-- CreateTable
CREATE TABLE "AccountPace" (
    "businessAccountId" TEXT NOT NULL,
    "nextSlotMs" DOUBLE PRECISION NOT NULL,
    "factor" DOUBLE PRECISION NOT NULL DEFAULT 1,
    "slowedAtMs" DOUBLE PRECISION NOT NULL DEFAULT 0,

    CONSTRAINT "AccountPace_pkey" PRIMARY KEY ("businessAccountId")
);

-- AddForeignKey
ALTER TABLE "AccountPace" ADD CONSTRAINT "AccountPace_businessAccountId_fkey" FOREIGN KEY ("businessAccountId") REFERENCES "BusinessAccount"("id") ON DELETE CASCADE ON UPDATE CASCADE;
