import { z } from "zod";
import { db } from "@/server/db";
import { defineJob } from "@/server/jobs/define-job";
import { sweepOtpChallenges } from "@/server/services/otp/sweep-otp-challenges";

/** Every minute: expired challenges end (code and sealed bodies erased), failed codes missed by their follow-up move on, spent rate counters go. */
export const sweepOtpChallengesJob = defineJob({
  id: "sweep-otp-challenges",
  schema: z.object({}),
  cron: "* * * * *",
  retries: 2,
  timeoutMs: 55_000,
  handler: async (_payload, { logger }) => {
    const result = await sweepOtpChallenges({ db: db() });
    if (result.expired + result.movedOn + result.erased > 0) logger.info(result, "swept OTP challenges");
    return result;
  },
});
