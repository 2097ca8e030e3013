import type { Lab } from "@/generated/prisma/client";
import { sqlTransactionOf, type Db } from "@/server/db";
import { sqlTimestamp } from "@/server/db/sql-time";
import type { TChallengeRef, TOtpStatusName } from "@/server/domain/otp";
import { AppError } from "@/server/errors";
import { endOtpChallenges } from "@/server/services/otp/end-otp-challenge";
import { findOtpChallengeId } from "@/server/services/otp/find-otp-challenge";
import { otpCodeMatches } from "@/server/services/otp/otp-code";
import { insertOtpEvents } from "@/server/services/otp/otp-events";
import { statusOf } from "@/server/services/otp/otp-view";

export type TCheckOtpOptions = { db: Db; lab: Pick<Lab, "id" | "country">; ref: TChallengeRef; code: string; now?: Date };

export type TCheckOtpResult = { challengeId: string; status: TOtpStatusName; attemptsLeft: number };

type TCounted = { id: string; labId: string; purpose: string; codeHash: string; checks: number; maxChecks: number };

/**
 * Checks a code. The check is counted before the code is compared, in one conditional update: under
 * any number of concurrent guesses at most maxChecks are ever evaluated (row locks serialise the
 * updates, and each re-reads the count). The keyed hash binds the code to the challenge and its
 * purpose and is compared in constant time; approval is a second conditional update, so a code
 * approves once. The last wrong guess ends the challenge (max_attempts_reached).
 */
export async function checkOtp({ db, lab, ref, code, now = new Date() }: TCheckOtpOptions): Promise<TCheckOtpResult> {
  const challengeId = await findOtpChallengeId(db, lab, ref);
  return sqlTransactionOf(
    db,
    async (tx) => {
      const [counted] = await tx.$queryRaw<TCounted[]>`
        UPDATE "OtpChallenge" SET checks = checks + 1, "updatedAt" = ${sqlTimestamp(now)}
        WHERE id = ${challengeId} AND "labId" = ${lab.id} AND status = 'PENDING' AND checks < "maxChecks" AND "expiresAt" > ${sqlTimestamp(now)}
        RETURNING id, "labId", purpose, "codeHash", checks, "maxChecks"`;
      if (!counted) return settled(tx, challengeId, now);

      // A purpose named by the caller must be the one the code was issued for; the hash binds it.
      const matches = otpCodeMatches(counted.codeHash, counted.id, ref.purpose ?? counted.purpose, code);
      const attempt = { challengeId, labId: lab.id, type: "checked", detail: { attempt: counted.checks, result: matches ? "approved" : "wrong_code" } };
      await insertOtpEvents(tx, [attempt], now);
      if (matches) {
        const [approved] = await endOtpChallenges(tx, { ids: [challengeId], status: "APPROVED", now });
        if (approved) return { challengeId, status: "approved", attemptsLeft: 0 };
        return settled(tx, challengeId, now);
      }
      if (counted.checks >= counted.maxChecks) {
        await endOtpChallenges(tx, { ids: [challengeId], status: "MAX_ATTEMPTS_REACHED", now, detail: { checks: counted.checks } });
        return { challengeId, status: "max_attempts_reached", attemptsLeft: 0 };
      }
      return { challengeId, status: "pending", attemptsLeft: counted.maxChecks - counted.checks };
    },
    { statementTimeoutMs: 10_000 },
  );
}

/**
 * The answer for a challenge no check may count against: its outcome. An approved challenge is not
 * found, as Twilio Verify answers: a used code must not read as approved a second time.
 */
async function settled(tx: Parameters<Parameters<typeof sqlTransactionOf>[1]>[0], challengeId: string, now: Date): Promise<TCheckOtpResult> {
  const [row] = await tx.$queryRaw<{ status: "PENDING" | "APPROVED" | "EXPIRED" | "MAX_ATTEMPTS_REACHED" | "CANCELED"; expiresAt: Date; checks: number; maxChecks: number }[]>`
    SELECT status::text AS status, "expiresAt", checks, "maxChecks" FROM "OtpChallenge" WHERE id = ${challengeId}`;
  if (!row || row.status === "APPROVED") throw new AppError("NOT_FOUND", "no pending challenge: its code was already used, and a code is single-use", "challengeId");
  let status = statusOf(row, now);
  if (row.status === "PENDING" && status === "expired") await endOtpChallenges(tx, { ids: [challengeId], status: "EXPIRED", now });
  if (row.status === "PENDING" && status === "pending" && row.checks >= row.maxChecks) {
    await endOtpChallenges(tx, { ids: [challengeId], status: "MAX_ATTEMPTS_REACHED", now });
    status = "max_attempts_reached";
  }
  return { challengeId, status, attemptsLeft: 0 };
}
