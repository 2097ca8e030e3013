import { env, type TEnv } from "@/server/env";
import { AppError } from "@/server/errors";

/**
 * A lab's account on the sandbox would "deliver" real patients' messages to a simulator, so in
 * production a lab may choose it only when the platform allows it (HERALD_ALLOW_SANDBOX=1).
 * Platform defaults (labId null) are the platform's own choice.
 */
export function assertProviderAllowed({ provider, labId }: { provider: string; labId: string | null }, e: TEnv = env()): void {
  if (provider !== "sandbox" || labId === null || e.NODE_ENV !== "production" || e.HERALD_ALLOW_SANDBOX) return;
  throw new AppError("BAD_REQUEST", 'expected a real provider: "sandbox" is not available to labs in production', "provider");
}
