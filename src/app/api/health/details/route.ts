import { db } from "@/server/db";
import { env } from "@/server/env";
import { authorizeHealthDetails } from "@/server/services/health/authorize-health-details";
import { checkHealth } from "@/server/services/health/check-health";

export const dynamic = "force-dynamic";

const noStore = { "cache-control": "no-store" };

/** The operators' report (see checkHealth), for the HEALTH_TOKEN bearer or a platform admin's session. */
export async function GET(request: Request) {
  const e = env();
  const access = await authorizeHealthDetails(request.headers, e);
  if (!access.ok) return Response.json({ error: access.error }, { status: access.status, headers: noStore });
  const health = await checkHealth(db(), e, process.env.DATABASE_URL ?? "");
  return Response.json(health, { status: health.status === "ok" ? 200 : 503, headers: noStore });
}
