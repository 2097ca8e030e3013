import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "@/generated/prisma/client";

export type Db = PrismaClient;

export function createDb(connectionString: string, max = 10): PrismaClient {
  return new PrismaClient({ adapter: new PrismaPg({ connectionString, max }) });
}

const globalForDb = globalThis as unknown as { heraldDb?: PrismaClient };

/** The process-wide client; DATABASE_URL is set by start-up (or the test setup). */
export function db(): PrismaClient {
  if (!globalForDb.heraldDb) {
    const url = process.env.DATABASE_URL;
    if (!url) throw new Error("DATABASE_URL is not set: start Herald with `npm run dev` or set it to a PostgreSQL URL");
    globalForDb.heraldDb = createDb(url);
  }
  return globalForDb.heraldDb;
}
