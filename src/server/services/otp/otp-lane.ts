import type { SqlRunner } from "@/server/db/sql-runner";
import type { TDispatchGroup, TDispatchHandOff } from "@/server/services/delivery/enqueue-dispatch";

/** A delivery check: if the message has no delivery report by `at`, the challenge moves to its next channel. */
export type TOtpDeliveryCheck = { challengeId: string; messageId: string; labId: string; at: Date };

/**
 * How OTP messages reach dispatch without waiting behind bulk work: a lane of their own (a job the
 * local executor gives reserved capacity, an Inngest function of its own). The job layer implements
 * it (src/server/jobs/definitions/dispatch-otp.ts) and installs it at start-up.
 */
export type TOtpLanePort = {
  /** Dispatch (and delivery checks) as part of `tx`, so they commit with the messages. */
  scheduleInTransaction(tx: SqlRunner, groups: readonly TDispatchGroup[], checks: readonly TOtpDeliveryCheck[]): Promise<TDispatchHandOff>;
  /** Retries and failovers of OTP messages, in the same lane. */
  schedule(groups: readonly TDispatchGroup[]): Promise<void>;
};

const globalForPort = globalThis as unknown as { heraldOtpLanePort?: TOtpLanePort };

export function setOtpLanePort(port: TOtpLanePort): void {
  globalForPort.heraldOtpLanePort = port;
}

export function otpLane(): TOtpLanePort {
  const port = globalForPort.heraldOtpLanePort;
  if (!port) throw new Error("no OTP lane installed: call installJobPorts() (src/server/jobs/install-job-ports.ts) when the process starts");
  return port;
}
