import type { TLabRole } from "@/trpc/types";

/** The roles a lab admin may give a member. */
export const MEMBER_ROLES = ["LAB_ADMIN", "LAB_STAFF"] as const;

export function isAdminRole(role: TLabRole): boolean {
  return role === "LAB_ADMIN" || role === "PLATFORM_ADMIN";
}
