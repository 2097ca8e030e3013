import { z } from "zod";

/** Ids are cuids or UUIDs: short, URL-safe strings. */
export const ZId = z
  .string({ message: "expected a string id" })
  .min(1, "must not be empty")
  .max(64, "expected at most 64 characters")
  .regex(/^[A-Za-z0-9_-]+$/, "expected an id of letters, digits, - and _");

/** Input of a lab-scoped procedure: labId plus its own fields, unknown keys refused. */
export function labInput<T extends z.ZodRawShape>(shape: T) {
  return z.strictObject({ labId: ZId, ...shape });
}

/** How many rows a page holds. */
export const ZPageLimit = z
  .number({ message: "expected a number" })
  .int("expected a whole number")
  .min(1, "expected at least 1")
  .max(100, "expected at most 100")
  .default(50);

/** The nextCursor of a previous page. */
export const ZPageCursor = z.string().min(1, "must not be empty").max(512, "expected at most 512 characters");
