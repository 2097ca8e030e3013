import type { Lab } from "@/generated/prisma/client";
import type { Db } from "@/server/db";
import type { TChallengeRef } from "@/server/domain/otp";
import { AppError } from "@/server/errors";
import { normalizeOtpRecipient } from "@/server/services/otp/normalize-otp-recipient";

/**
 * The challenge a check or cancel means, in the lab: by id, or for (to, purpose) the pending one (else
 * the latest, so its outcome can be told). Another lab's challenge is simply not found.
 */
export async function findOtpChallengeId(db: Db, lab: Pick<Lab, "id" | "country">, ref: TChallengeRef): Promise<string> {
  if (ref.challengeId) {
    const found = await db.otpChallenge.findFirst({ where: { id: ref.challengeId, labId: lab.id }, select: { id: true } });
    if (!found) throw new AppError("NOT_FOUND", "no challenge with this id in the lab", "challengeId");
    return found.id;
  }
  if (!ref.to || !ref.purpose) {
    const missing = [!ref.to && { field: "to", message: "expected challengeId, or to with purpose" }, !ref.purpose && { field: "purpose", message: "expected challengeId, or to with purpose" }];
    const [first, ...more] = missing.filter((m): m is { field: string; message: string } => Boolean(m));
    throw AppError.forFields("BAD_REQUEST", [first!, ...more]);
  }
  const { to } = normalizeOtpRecipient(ref.to, lab.country);
  const found = await db.otpChallenge.findFirst({
    where: { labId: lab.id, to, purpose: ref.purpose },
    // Pending first (status sorts PENDING first in the enum's order), then the newest.
    orderBy: [{ status: "asc" }, { createdAt: "desc" }],
    select: { id: true },
  });
  if (!found) throw new AppError("NOT_FOUND", "no challenge for this recipient and purpose in the lab", "to");
  return found.id;
}
