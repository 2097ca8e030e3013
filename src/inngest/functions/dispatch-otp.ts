import { createJobFunction } from "@/inngest/create-job-function";
import { dispatchOtpJob } from "@/server/jobs/definitions/dispatch-otp";

/**
 * OTP dispatch on Inngest: a function of its own, so its runs never queue behind dispatch-messages'
 * bulk backlog, with a per-lab concurrency well above any real OTP rate and no throttle (OTPs are few,
 * and the provider's rate is shared with bulk through the account, not through this queue).
 */
export const dispatchOtp = createJobFunction(dispatchOtpJob, {
  concurrency: [{ key: "event.data.labId", limit: 25 }],
});
