import { env, type TEnv } from "@/server/env";
import { AppError } from "@/server/errors";
import { urlProblem } from "@/server/providers/generic/generic-address";
import { genericAllowedHosts } from "@/server/services/providers/provider-endpoints";

/**
 * A lab's account on the sandbox would "deliver" real patients' messages to a simulator, so in
 * production a lab may choose it only when the platform allows it (HERALD_ALLOW_SANDBOX=1).
 * Platform defaults (labId null) are the platform's own choice.
 */
export function assertProviderAllowed({ provider, labId, config }: { provider: string; labId: string | null; config?: unknown }, e: TEnv = env()): void {
  if (provider === "generic") assertGenericUrlAllowed(config, e);
  if (provider !== "sandbox" || labId === null || e.NODE_ENV !== "production" || e.HERALD_ALLOW_SANDBOX) return;
  throw new AppError("BAD_REQUEST", 'expected a real provider: "sandbox" is not available to labs in production', "provider");
}

/** A generic vendor's URL must be on a host the platform allows: a lab admin cannot make Herald call anywhere else. */
function assertGenericUrlAllowed(config: unknown, e: TEnv): void {
  const url = (config as { url?: unknown } | null)?.url;
  if (typeof url !== "string") return;
  const problem = urlProblem(url, genericAllowedHosts(e));
  if (problem) throw new AppError("BAD_REQUEST", `config.url: ${problem}`, "config.url");
}
