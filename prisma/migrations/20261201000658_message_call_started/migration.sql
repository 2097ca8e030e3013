-- AlterTable
ALTER TABLE "Message" ADD COLUMN     "callStartedAt" TIMESTAMP(3);
