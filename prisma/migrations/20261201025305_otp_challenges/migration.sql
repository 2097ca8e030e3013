-- CreateEnum
CREATE TYPE "OtpStatus" AS ENUM ('PENDING', 'APPROVED', 'EXPIRED', 'MAX_ATTEMPTS_REACHED', 'CANCELED');

-- AlterTable
ALTER TABLE "Message" ADD COLUMN     "sealedContent" TEXT;

-- CreateTable
CREATE TABLE "OtpSettings" (
    "labId" TEXT NOT NULL,
    "channels" "Channel"[] DEFAULT ARRAY['SMS', 'WHATSAPP', 'EMAIL']::"Channel"[],
    "expiryMinutes" INTEGER NOT NULL DEFAULT 10,
    "codeLength" INTEGER NOT NULL DEFAULT 6,
    "resendCooldownSeconds" INTEGER NOT NULL DEFAULT 30,
    "startsPerCallerPerMinute" INTEGER NOT NULL DEFAULT 300,
    "startsPerLabPerHour" INTEGER NOT NULL DEFAULT 3000,
    "fallbackAfterSeconds" INTEGER NOT NULL DEFAULT 60,
    "countries" TEXT[],
    "allowOtherCountries" BOOLEAN NOT NULL DEFAULT false,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "OtpSettings_pkey" PRIMARY KEY ("labId")
);

-- CreateTable
CREATE TABLE "OtpChallenge" (
    "id" TEXT NOT NULL,
    "labId" TEXT NOT NULL,
    "purpose" TEXT NOT NULL,
    "to" TEXT NOT NULL,
    "email" TEXT,
    "channels" "Channel"[],
    "channelIndex" INTEGER NOT NULL DEFAULT 0,
    "currentMessageId" TEXT,
    "language" TEXT,
    "codeLength" INTEGER NOT NULL,
    "codeHash" TEXT NOT NULL,
    "codeSealed" TEXT,
    "status" "OtpStatus" NOT NULL DEFAULT 'PENDING',
    "checks" INTEGER NOT NULL DEFAULT 0,
    "maxChecks" INTEGER NOT NULL DEFAULT 5,
    "sends" INTEGER NOT NULL DEFAULT 0,
    "maxSends" INTEGER NOT NULL DEFAULT 5,
    "lastSentAt" TIMESTAMP(3),
    "resendCooldownSeconds" INTEGER NOT NULL,
    "fallbackAfterSeconds" INTEGER NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "endedAt" TIMESTAMP(3),
    "country" TEXT,
    "prefix" TEXT,
    "startedBy" TEXT,
    "idempotencyKey" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "OtpChallenge_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "OtpEvent" (
    "id" TEXT NOT NULL,
    "challengeId" TEXT NOT NULL,
    "labId" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "channel" "Channel",
    "messageId" TEXT,
    "detail" JSONB,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "OtpEvent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "OtpBlock" (
    "id" TEXT NOT NULL,
    "labId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "rule" TEXT NOT NULL,
    "channel" "Channel",
    "country" TEXT,
    "prefix" TEXT,
    "challengeId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "OtpBlock_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RateLimitCounter" (
    "key" TEXT NOT NULL,
    "windowStart" TIMESTAMP(3) NOT NULL,
    "count" INTEGER NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "RateLimitCounter_pkey" PRIMARY KEY ("key")
);

-- CreateTable
CREATE TABLE "OtpPrefixBlock" (
    "id" TEXT NOT NULL,
    "labId" TEXT NOT NULL,
    "prefix" TEXT NOT NULL,
    "country" TEXT,
    "volume" INTEGER NOT NULL,
    "baseline" DOUBLE PRECISION NOT NULL,
    "until" TIMESTAMP(3) NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "OtpPrefixBlock_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "OtpChallenge_labId_to_purpose_status_idx" ON "OtpChallenge"("labId", "to", "purpose", "status");

-- CreateIndex
CREATE INDEX "OtpChallenge_labId_createdAt_idx" ON "OtpChallenge"("labId", "createdAt");

-- CreateIndex
CREATE INDEX "OtpChallenge_labId_prefix_createdAt_idx" ON "OtpChallenge"("labId", "prefix", "createdAt");

-- CreateIndex
CREATE INDEX "OtpChallenge_status_expiresAt_idx" ON "OtpChallenge"("status", "expiresAt") WHERE (status = 'PENDING'::"OtpStatus");

-- CreateIndex
CREATE UNIQUE INDEX "OtpChallenge_labId_idempotencyKey_key" ON "OtpChallenge"("labId", "idempotencyKey");

-- CreateIndex
CREATE INDEX "OtpEvent_challengeId_createdAt_idx" ON "OtpEvent"("challengeId", "createdAt");

-- CreateIndex
CREATE INDEX "OtpEvent_labId_type_createdAt_idx" ON "OtpEvent"("labId", "type", "createdAt");

-- CreateIndex
CREATE INDEX "OtpBlock_labId_createdAt_idx" ON "OtpBlock"("labId", "createdAt");

-- CreateIndex
CREATE INDEX "RateLimitCounter_expiresAt_idx" ON "RateLimitCounter"("expiresAt");

-- CreateIndex
CREATE INDEX "OtpPrefixBlock_labId_prefix_until_idx" ON "OtpPrefixBlock"("labId", "prefix", "until");

-- CreateIndex
CREATE INDEX "Message_sealed_idx" ON "Message"("status") WHERE ("sealedContent" IS NOT NULL);

-- AddForeignKey
ALTER TABLE "OtpSettings" ADD CONSTRAINT "OtpSettings_labId_fkey" FOREIGN KEY ("labId") REFERENCES "Lab"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "OtpChallenge" ADD CONSTRAINT "OtpChallenge_labId_fkey" FOREIGN KEY ("labId") REFERENCES "Lab"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "OtpEvent" ADD CONSTRAINT "OtpEvent_challengeId_fkey" FOREIGN KEY ("challengeId") REFERENCES "OtpChallenge"("id") ON DELETE CASCADE ON UPDATE CASCADE;
