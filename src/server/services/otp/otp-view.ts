import type { Channel, OtpStatus } from "@/generated/prisma/enums";
import { OTP_STATUS_NAMES, type TOtpStatusName } from "@/server/domain/otp";

export type TChallengeRow = {
  id: string;
  status: OtpStatus;
  channels: Channel[];
  channelIndex: number;
  checks: number;
  maxChecks: number;
  sends: number;
  maxSends: number;
  lastSentAt: Date | null;
  resendCooldownSeconds: number;
  expiresAt: Date;
};

export type TChallengeView = {
  challengeId: string;
  status: TOtpStatusName;
  channel: Channel;
  expiresAt: Date;
  /** When a start for the same recipient and purpose may send the code again; null when it never will. */
  resendAvailableAt: Date | null;
  attemptsLeft: number;
  sendsLeft: number;
};

/** A pending challenge past its expiry is expired, whether or not the sweep has marked it yet. */
export function statusOf(row: Pick<TChallengeRow, "status" | "expiresAt">, now: Date): TOtpStatusName {
  if (row.status === "PENDING" && row.expiresAt.getTime() <= now.getTime()) return "expired";
  return OTP_STATUS_NAMES[row.status];
}

/** What callers see of a challenge: never its code or hash. */
export function challengeView(row: TChallengeRow, now: Date): TChallengeView {
  const status = statusOf(row, now);
  const sendsLeft = Math.max(0, row.maxSends - row.sends);
  const cooledDown = row.lastSentAt ? new Date(row.lastSentAt.getTime() + row.resendCooldownSeconds * 1000) : now;
  return {
    challengeId: row.id,
    status,
    channel: row.channels[row.channelIndex] ?? row.channels[0]!,
    expiresAt: row.expiresAt,
    resendAvailableAt: status === "pending" && sendsLeft > 0 && cooledDown < row.expiresAt ? cooledDown : null,
    attemptsLeft: status === "pending" ? Math.max(0, row.maxChecks - row.checks) : 0,
    sendsLeft: status === "pending" ? sendsLeft : 0,
  };
}

export const challengeRowSelect = {
  id: true,
  status: true,
  channels: true,
  channelIndex: true,
  checks: true,
  maxChecks: true,
  sends: true,
  maxSends: true,
  lastSentAt: true,
  resendCooldownSeconds: true,
  expiresAt: true,
} as const;
