import { Prisma } from "@/generated/prisma/client";

// Prisma stores DateTime as UTC in `timestamp without time zone`; plain now() would be read in the
// session's time zone. All queue times come from the database clock, so app hosts' clocks never disagree.
export const utcNow = Prisma.sql`(now() AT TIME ZONE 'UTC')`;
