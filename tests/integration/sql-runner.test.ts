import { PrismaPg } from "@prisma/adapter-pg";
import { describe, expect, it } from "vitest";
import { Prisma, PrismaClient } from "@/generated/prisma/client";
import { db, sqlOf, sqlTransactionOf } from "@/server/db";
import { newId } from "@/server/db/new-id";
import type { SqlRunner } from "@/server/db/sql-runner";
import { isPglite } from "@/server/db/temporary-database";

// PGlite runs in this process's thread and cannot cancel a running statement, so it ignores statement_timeout.
const onPglite = await isPglite(process.env.DATABASE_URL!);

const jobNamed = (name: string) => db().job.findMany({ where: { name }, select: { name: true } });
const insertJob = (tx: SqlRunner, name: string) =>
  tx.$executeRaw`INSERT INTO "Job" (id, name, payload, "runAt", "createdAt", "updatedAt") VALUES (${newId()}, ${name}, '{}', now(), now(), now())`;

describe("sql runner", () => {
  it("reads timestamps, int8, numeric, json and arrays as Prisma's raw queries do", async () => {
    const at = new Date("2026-03-01T23:30:15.123Z");
    const query = Prisma.sql`
      SELECT ${at}::timestamp(3) AS at, '2026-01-02 03:04:05.678'::timestamp(3) AS "storedAt", ${"2026-01-02T03:04:05.678+03:00"}::timestamptz AS zoned,
             9007199254740993::int8 AS big, 12.3450::numeric(10, 4) AS cost, 7::int AS small, true AS flag,
             '{"a": [1, "x"]}'::jsonb AS detail, ARRAY['en', 'ar'] AS languages, NULL::text AS nothing`;
    const direct = await sqlOf(db()).$queryRaw<Record<string, unknown>[]>(query);
    expect(direct).toEqual(await db().$queryRaw<Record<string, unknown>[]>(query));
    expect(direct[0]).toMatchObject({ at, storedAt: new Date("2026-01-02T03:04:05.678Z"), big: 9007199254740993n, small: 7, languages: ["en", "ar"] });
    expect(String(direct[0]!.cost)).toBe("12.345");
  });

  it("takes tagged templates with nested fragments, and counts the rows a statement wrote", async () => {
    const name = `sql-runner-${newId()}`;
    const fragment = Prisma.sql`name = ${name}`;
    expect(await insertJob(sqlOf(db()), name)).toBe(1);
    expect(await sqlOf(db()).$queryRaw<{ name: string }[]>`SELECT name FROM "Job" WHERE ${fragment}`).toEqual([{ name }]);
    expect(await sqlOf(db()).$executeRaw`DELETE FROM "Job" WHERE ${fragment}`).toBe(1);
  });

  it("commits a transaction whose work resolves and rolls back all of one that throws", async () => {
    const kept = `sql-runner-kept-${newId()}`;
    const undone = `sql-runner-undone-${newId()}`;
    expect(await sqlTransactionOf(db(), async (tx) => insertJob(tx, kept), { statementTimeoutMs: 5_000 })).toBe(1);
    const failing = sqlTransactionOf(
      db(),
      async (tx) => {
        await insertJob(tx, undone);
        await insertJob(tx, undone);
        throw new Error("the work failed after writing");
      },
      { statementTimeoutMs: 5_000 },
    );
    await expect(failing).rejects.toThrow("the work failed after writing");
    expect(await jobNamed(kept)).toEqual([{ name: kept }]);
    expect(await jobNamed(undone)).toEqual([]);
  });

  // Registered only where the property holds, a PostgreSQL server (as in CI), so an embedded run reports no skipped test.
  if (!onPglite) {
    it("ends a statement that runs past the transaction's statement timeout", async () => {
      const slow = sqlTransactionOf(db(), (tx) => tx.$queryRaw`SELECT pg_sleep(5)`, { statementTimeoutMs: 50 });
      await expect(slow).rejects.toThrow("canceling statement due to statement timeout");
    });
  }

  it("refuses a Prisma client it does not know the pool of", () => {
    const foreign = new PrismaClient({ adapter: new PrismaPg({ connectionString: "postgresql://nobody@127.0.0.1:1/none" }) });
    expect(() => sqlOf(foreign)).toThrow("this Prisma client was not made by createDb(), so its connection pool is unknown");
  });
});
