import { jobFunctions } from "@/inngest/functions/job-functions";

/** Everything served at /api/inngest. */
export const functions = Object.values(jobFunctions);
