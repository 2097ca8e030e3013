import { db } from "@/server/db";
import { checkDatabase } from "@/server/services/health/check-database";

export const dynamic = "force-dynamic";

/**
 * Public liveness and readiness for load balancers and orchestrators: one `SELECT 1` on the server's
 * pool, and nothing about Herald's internals. The detailed report is /api/health/details.
 */
export async function GET() {
  const database = await checkDatabase(db());
  return Response.json({ status: database.ok ? "ok" : "unavailable" }, { status: database.ok ? 200 : 503, headers: { "cache-control": "no-store" } });
}
