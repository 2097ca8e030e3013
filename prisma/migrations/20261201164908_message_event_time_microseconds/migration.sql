-- Events to the microsecond, so reports for one message applied in one statement keep their order.
-- Raising a timestamp's precision changes no stored value: PostgreSQL rewrites no row for it.
-- AlterTable
ALTER TABLE "MessageEvent" ALTER COLUMN "createdAt" SET DATA TYPE TIMESTAMP(6);
