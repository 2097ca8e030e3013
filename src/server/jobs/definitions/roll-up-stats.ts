import { z } from "zod";
import { db } from "@/server/db";
import { defineJob } from "@/server/jobs/define-job";
import { rollUpMessageStats } from "@/server/services/stats/roll-up-message-stats";

export const ZRollUpStatsPayload = z.object({});

/**
 * Every minute: folds the messages changed since the last run into the hourly and daily statistics,
 * so figures are at most about a minute behind even when nobody reads them (a read also tops them up).
 */
export const rollUpStatsJob = defineJob({
  id: "roll-up-stats",
  schema: ZRollUpStatsPayload,
  cron: "* * * * *",
  retries: 2,
  handler: async (_payload, { logger }) => {
    const result = await rollUpMessageStats({ db: db() });
    if (result.changed > 0) logger.info(result, "message statistics rolled up");
    return result;
  },
});
