// SQL fragments shared by the task and vote statements (lib/tasks/sql/, lib/votes/sql.ts).
import { Prisma } from "../../generated/prisma/client";

// Raw: the database clock, for statements that compare or set times in SQL.
// Timestamp columns are TIMESTAMP(3) holding UTC (Prisma's convention); `now()` is converted
// explicitly so that a server TimeZone other than UTC never shifts leases or the undo window.
export const UTC_NOW = Prisma.sql`(now() AT TIME ZONE 'UTC')`;

// Raw: an interval parameter for the same statements.
/** SQL for a number of seconds as an interval. */
export function seconds(value: number): Prisma.Sql {
  return Prisma.sql`make_interval(secs => ${value})`;
}
