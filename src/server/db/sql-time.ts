import { Prisma } from "@/generated/prisma/client";

// Message timestamps are UTC in `timestamp(3)`. The pg adapter sends a Date as its UTC wall time,
// so a Date parameter cast to timestamp is that instant; epoch milliseconds need AT TIME ZONE 'UTC'.

export function sqlTimestamp(date: Date): Prisma.Sql {
  return Prisma.sql`${date}::timestamp(3)`;
}

/** A float8 column of epoch milliseconds (arrays of Dates do not travel well) as a UTC timestamp. */
export function sqlFromEpochMs(column: Prisma.Sql): Prisma.Sql {
  return Prisma.sql`(to_timestamp(${column} / 1000.0) AT TIME ZONE 'UTC')::timestamp(3)`;
}
