import { dispatchPort } from "@/server/jobs/definitions/dispatch-messages";
import { setDispatchPort } from "@/server/services/delivery/enqueue-dispatch";
import { otpLanePort } from "@/server/jobs/definitions/dispatch-otp";
import { setOtpLanePort } from "@/server/services/otp/otp-lane";
import { campaignLanePort } from "@/server/jobs/definitions/run-campaign";
import { setCampaignLanePort } from "@/server/services/campaigns/campaign-lane";

/**
 * Gives the services the job layer's implementations of the ports they hand work through. Every
 * process that sends or retries messages calls it once at start-up (the server's instrumentation,
 * the CLI, the benchmark, the tests' setup).
 */
export function installJobPorts(): void {
  setDispatchPort(dispatchPort);
  setOtpLanePort(otpLanePort);
  setCampaignLanePort(campaignLanePort);
}
