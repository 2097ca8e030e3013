import type { TLabRole } from "@/trpc/types";

export const ROLE_LABELS: Record<TLabRole, string> = {
  PLATFORM_ADMIN: "Platform admin",
  LAB_ADMIN: "Lab admin",
  LAB_STAFF: "Staff (read-only)",
  API_KEY: "API key",
};

/** The roles a lab admin may give a member. */
export const MEMBER_ROLES = ["LAB_ADMIN", "LAB_STAFF"] as const;

export function isAdminRole(role: TLabRole): boolean {
  return role === "LAB_ADMIN" || role === "PLATFORM_ADMIN";
}
