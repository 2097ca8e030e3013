import type { TPrincipal } from "@/server/access/principal";
import type { TEventSource } from "@/server/domain/notifications";

/** Who asked, as a timeline source: staff in the dashboard, an internal client's API key, or Herald itself. */
export function eventSourceOf(principal: TPrincipal | null): TEventSource {
  if (!principal) return "system";
  return principal.kind === "user" ? "user" : "api";
}
