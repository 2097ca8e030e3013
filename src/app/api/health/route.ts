import { db } from "@/server/db";
import { env } from "@/server/env";
import { checkHealth } from "@/server/services/health/check-health";

export const dynamic = "force-dynamic";

export async function GET() {
  const health = await checkHealth(db(), env(), process.env.DATABASE_URL ?? "");
  return Response.json(health, { status: health.status === "ok" ? 200 : 503, headers: { "cache-control": "no-store" } });
}
