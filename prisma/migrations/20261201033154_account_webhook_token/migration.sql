-- AlterTable
ALTER TABLE "BusinessAccount" ADD COLUMN     "webhookTokenEnc" TEXT,
ADD COLUMN     "webhookTokenHash" TEXT,
ADD COLUMN     "webhookTokenRotatedAt" TIMESTAMP(3);

-- CreateIndex
CREATE UNIQUE INDEX "BusinessAccount_webhookTokenHash_key" ON "BusinessAccount"("webhookTokenHash");
