import { randomBytes } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { createDb, db, sqlTransactionOf } from "@/server/db";
import { parseEnv } from "@/server/env";
import { GET as health } from "@/app/api/health/route";
import { GET as healthDetails } from "@/app/api/health/details/route";
import { checkDatabase } from "@/server/services/health/check-database";
import { checkHealth } from "@/server/services/health/check-health";
import { healthTokenMatches } from "@/server/services/health/authorize-health-details";
import { makeUser } from "../helpers/fixtures";
import { sessionCookie } from "../helpers/session-cookie";

// Read by env() on first use, which comes after this line.
const HEALTH_TOKEN = randomBytes(32).toString("base64url");
process.env.HEALTH_TOKEN = HEALTH_TOKEN;

const details = (headers: Record<string, string> = {}) => healthDetails(new Request("http://localhost:3000/api/health/details", { headers }));
const UNREACHABLE_URL = "postgresql://health_probe_user:pw@127.0.0.1:1/nowhere";

describe("GET /api/health (public)", () => {
  // The client's first statement loads Prisma's query compiler, which alone can outlast the check's timeout.
  beforeAll(() => db().$queryRaw`SELECT 1`);

  it("answers only {status: ok} with 200, uncached", async () => {
    const response = await health();
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("no-store");
    expect(await response.json()).toEqual({ status: "ok" });
  });

  it("gives only the kind of failure when the database is unreachable or too slow, never its error text", async () => {
    const unreachable = createDb(UNREACHABLE_URL, 1);
    try {
      expect(await checkDatabase(unreachable)).toEqual({ ok: false, latencyMs: null, problem: "unreachable" });
    } finally {
      await unreachable.$disconnect();
    }
    // A pool of one whose connection is busy: the check gives up after its timeout instead of queueing behind it.
    const busy = createDb(process.env.DATABASE_URL!, 1);
    try {
      const holding = sqlTransactionOf(busy, (tx) => tx.$executeRaw`SELECT pg_sleep(1)`, { statementTimeoutMs: 5_000 });
      expect(await checkDatabase(busy, 100)).toEqual({ ok: false, latencyMs: null, problem: "timeout" });
      await holding;
    } finally {
      await busy.$disconnect();
    }
  });
});

describe("GET /api/health/details", () => {
  it("refuses callers without the token or a platform admin's session", async () => {
    expect((await details()).status).toBe(401);
    expect((await details({ authorization: "Bearer not-the-token" })).status).toBe(401);
    expect((await details({ authorization: `Basic ${HEALTH_TOKEN}` })).status).toBe(401);
    const staff = await makeUser();
    const response = await details({ cookie: await sessionCookie(staff.user.email, staff.password) });
    expect(response.status).toBe(403);
    expect(JSON.stringify(await response.json())).not.toMatch(/migrations|version|latency/);
  });

  it("reports database, migrations, jobs and version to the HEALTH_TOKEN bearer and to a platform admin", async () => {
    const admin = await makeUser({ isPlatformAdmin: true });
    const callers: Record<string, string>[] = [{ authorization: `Bearer ${HEALTH_TOKEN}` }, { cookie: await sessionCookie(admin.user.email, admin.password) }];
    for (const headers of callers) {
      const response = await details(headers);
      expect(response.status).toBe(200);
      const body = (await response.json()) as Record<string, unknown>;
      expect(body).toMatchObject({
        status: "ok",
        version: expect.stringMatching(/^\d+\.\d+\.\d+/),
        database: { ok: true, latencyMs: expect.any(Number) },
        migrations: { ok: true, applied: expect.any(Number), pending: [], failed: [] },
        jobs: { backend: "local", due: expect.any(Number), dueAtLeast: false, failed: expect.any(Number), failedAtLeast: false },
      });
    }
  });

  it("says what is wrong without a driver's error text when the database is unreachable", async () => {
    const unreachable = createDb(UNREACHABLE_URL, 1);
    try {
      const report = await checkHealth(unreachable, parseEnv({}), UNREACHABLE_URL);
      expect(report).toMatchObject({ status: "degraded", database: { ok: false, problem: "unreachable" }, migrations: { ok: false, problem: "unknown" } });
      expect(JSON.stringify(report)).not.toMatch(/ECONNREFUSED|health_probe_user|nowhere|127\.0\.0\.1/);
    } finally {
      await unreachable.$disconnect();
    }
  });

  it("compares the token in full", () => {
    expect(healthTokenMatches(HEALTH_TOKEN, HEALTH_TOKEN)).toBe(true);
    expect(healthTokenMatches(HEALTH_TOKEN.slice(0, -1), HEALTH_TOKEN)).toBe(false);
    expect(healthTokenMatches(`${HEALTH_TOKEN}x`, HEALTH_TOKEN)).toBe(false);
    expect(healthTokenMatches(HEALTH_TOKEN, undefined)).toBe(false);
  });
});
