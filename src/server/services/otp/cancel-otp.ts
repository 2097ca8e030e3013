import type { Lab } from "@/generated/prisma/client";
import type { TPrincipal } from "@/server/access/principal";
import { actorOf } from "@/server/access/principal";
import { sqlTransactionOf, type Db } from "@/server/db";
import type { TChallengeRef } from "@/server/domain/otp";
import { endOtpChallenges } from "@/server/services/otp/end-otp-challenge";
import { findOtpChallengeId } from "@/server/services/otp/find-otp-challenge";
import { challengeRowSelect, challengeView, type TChallengeView } from "@/server/services/otp/otp-view";

export type TCancelOtpOptions = { db: Db; lab: Pick<Lab, "id" | "country">; principal: TPrincipal; ref: TChallengeRef; now?: Date };

/** Cancels a pending challenge: its code stops working and messages not yet sent are cancelled. Ended ones are answered as they are. */
export async function cancelOtp({ db, lab, principal, ref, now = new Date() }: TCancelOtpOptions): Promise<TChallengeView> {
  const challengeId = await findOtpChallengeId(db, lab, ref);
  await sqlTransactionOf(db, (tx) => endOtpChallenges(tx, { ids: [challengeId], status: "CANCELED", now, detail: actorOf(principal) }), { statementTimeoutMs: 10_000 });
  return challengeView(await db.otpChallenge.findUniqueOrThrow({ where: { id: challengeId }, select: challengeRowSelect }), now);
}
