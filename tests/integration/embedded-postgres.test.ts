import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmbeddedPostgres, type EmbeddedPostgres } from "@/server/db/embedded-postgres";
import { withPgClient } from "@/server/db/with-pg-client";

describe("embedded PostgreSQL", () => {
  let server: EmbeddedPostgres;
  beforeAll(async () => {
    server = await startEmbeddedPostgres();
  });
  afterAll(() => server.stop());

  it("serves many connections at once without mixing their statements", async () => {
    const pool = new pg.Pool({ connectionString: server.url, max: 8 });
    try {
      // Large parameters make a batch arrive in several reads, which is when
      // another connection's Parse used to slip in between (pglite-batch-guard.ts).
      const padding = "x".repeat(200_000);
      const answers = await Promise.all(
        Array.from({ length: 60 }, (_, i) =>
          i % 2
            ? pool.query<{ n: number }>("SELECT $1::int AS n", [i]).then((r) => r.rows[0]?.n)
            : pool.query<{ s: string }>("SELECT $1::text AS s, length($2::text) AS l", [String(i), padding]).then((r) => Number(r.rows[0]?.s)),
        ),
      );
      expect(answers).toEqual(Array.from({ length: 60 }, (_, i) => i));
    } finally {
      await pool.end();
    }
  });

  it("keeps a persisted cluster across restarts and refuses a second server on it", async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), "herald-embedded-"));
    try {
      const first = await startEmbeddedPostgres({ dataDir });
      await expect(startEmbeddedPostgres({ dataDir })).rejects.toThrow(/already running in this process/);
      await withPgClient(first.url, (client) => client.query("CREATE TABLE kept (id int); INSERT INTO kept VALUES (7)"));
      await first.stop();

      const second = await startEmbeddedPostgres({ dataDir });
      try {
        const rows = await withPgClient(second.url, (client) => client.query<{ id: number }>("SELECT id FROM kept"));
        expect(rows.rows).toEqual([{ id: 7 }]);
      } finally {
        await second.stop();
      }
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });

  it("names EMBEDDED_PG_PORT when the port is taken", async () => {
    await expect(startEmbeddedPostgres({ port: server.port })).rejects.toThrow(/EMBEDDED_PG_PORT/);
  });
});
