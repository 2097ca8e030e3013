import { env, jobsBackend, type TEnv } from "@/server/env";

/** Inngest's own reading of INNGEST_DEV: "1"/"true" or a dev server URL mean dev mode; "0"/"false" do not. */
function inngestDevMode(value: string | undefined): boolean {
  const v = value?.trim().toLowerCase();
  return Boolean(v) && v !== "0" && v !== "false" && v !== "undefined";
}

/**
 * Why /api/inngest must not serve, or null. In dev mode, or without a signing key, the Inngest SDK
 * runs whatever step a caller posts without checking a signature; in production that would let
 * anyone on the network run Herald's jobs (dispatch, retries, cleanup) at will. A self-hosted
 * Inngest server signs its requests too, so production always needs INNGEST_SIGNING_KEY.
 */
export function inngestSigningProblem(e: TEnv): string | null {
  if (e.NODE_ENV !== "production" || jobsBackend(e) !== "inngest") return null;
  if (inngestDevMode(e.INNGEST_DEV)) {
    return "INNGEST_DEV: Inngest's dev mode accepts unsigned requests; unset it in production and set INNGEST_SIGNING_KEY (Inngest Cloud or a self-hosted Inngest server)";
  }
  if (!e.INNGEST_SIGNING_KEY) {
    return "INNGEST_SIGNING_KEY: required in production to verify that requests to /api/inngest come from Inngest";
  }
  return null;
}

/** Says at start-up, in the logs, that /api/inngest will refuse to serve and why. */
export async function logInngestSigningProblem(e: TEnv = env()): Promise<void> {
  const problem = inngestSigningProblem(e);
  if (!problem) return;
  const { logger } = await import("@/server/logger");
  logger.error({ problem }, "/api/inngest will answer 503 until this is fixed: Inngest cannot run Herald's jobs");
}
