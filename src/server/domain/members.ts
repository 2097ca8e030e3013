import { z } from "zod";

export const ZLabRole = z.enum(["LAB_ADMIN", "LAB_STAFF"], { message: "expected LAB_ADMIN or LAB_STAFF" });
export const ZEmail = z.email({ message: "expected an email address" }).max(254, "expected at most 254 characters");
export const ZPersonName = z.string().trim().min(1, "must not be empty").max(120, "expected at most 120 characters");
export const ZPassword = z
  .string()
  .min(10, "expected at least 10 characters")
  .max(128, "expected at most 128 characters");

export const INVITATION_TTL_MS = 7 * 24 * 60 * 60 * 1000;
