import { z } from "zod";
import { createTRPCRouter, labAdminProcedure, labProcedure, labSenderProcedure } from "@/server/api/trpc";
import { labInput, ZId } from "@/server/api/schemas";
import { ZDateTime } from "@/server/domain/send";
import { ZChallengeRef, ZOtpCode, ZOtpSettings, ZPurpose, ZStartOtp } from "@/server/domain/otp";
import { OtpStatus } from "@/generated/prisma/enums";
import { cancelOtp } from "@/server/services/otp/cancel-otp";
import { checkOtp } from "@/server/services/otp/check-otp";
import { getOtp } from "@/server/services/otp/get-otp";
import { getOtpStats } from "@/server/services/otp/get-otp-stats";
import { listOtpChallenges } from "@/server/services/otp/list-otp-challenges";
import { loadOtpSettings } from "@/server/services/otp/load-otp-settings";
import { startOtp } from "@/server/services/otp/start-otp";
import { updateOtpSettings } from "@/server/services/otp/update-otp-settings";

const STATUSES = Object.values(OtpStatus);
const DAY_MS = 24 * 60 * 60_000;

export const otpRouter = createTRPCRouter({
  /** Sends a code (or the pending challenge's code again) for a purpose; the code itself is never returned. */
  start: labSenderProcedure.input(labInput(ZStartOtp)).mutation(({ ctx, input: { labId: _labId, ...input } }) =>
    startOtp({ db: ctx.db, lab: ctx.lab, principal: ctx.principal, input, logger: ctx.logger }),
  ),

  /** approved, pending (with attempts left), expired, max_attempts_reached or canceled. */
  check: labSenderProcedure
    .input(labInput({ ...ZChallengeRef, code: ZOtpCode }))
    .mutation(({ ctx, input: { labId: _labId, code, ...ref } }) => checkOtp({ db: ctx.db, lab: ctx.lab, ref, code })),

  cancel: labSenderProcedure.input(labInput(ZChallengeRef)).mutation(({ ctx, input: { labId: _labId, ...ref } }) => cancelOtp({ db: ctx.db, lab: ctx.lab, principal: ctx.principal, ref })),

  get: labProcedure.input(labInput({ challengeId: ZId })).query(({ ctx, input }) => getOtp({ db: ctx.db, labId: ctx.lab.id, challengeId: input.challengeId })),

  list: labProcedure
    .input(
      labInput({
        status: z.enum(STATUSES, { message: `expected one of ${STATUSES.join(", ")}` }).optional(),
        purpose: ZPurpose.optional(),
        cursor: ZId.optional(),
        limit: z.number({ message: "expected a number" }).int("expected a whole number").min(1, "expected at least 1").max(100, "expected at most 100").default(25),
      }),
    )
    .query(({ ctx, input: { labId: _labId, ...filters } }) => listOtpChallenges({ db: ctx.db, labId: ctx.lab.id, ...filters })),

  /** Figures for the dashboard; the last 30 days unless a period is given. */
  stats: labProcedure.input(labInput({ since: ZDateTime.optional(), until: ZDateTime.optional() })).query(({ ctx, input }) => {
    const until = input.until ?? new Date();
    return getOtpStats({ db: ctx.db, labId: ctx.lab.id, since: input.since ?? new Date(until.getTime() - 30 * DAY_MS), until });
  }),

  settings: labProcedure.input(labInput({})).query(({ ctx }) => loadOtpSettings(ctx.db, ctx.lab.id)),

  updateSettings: labAdminProcedure.input(labInput(ZOtpSettings.partial().shape)).mutation(({ ctx, input: { labId: _labId, ...changes } }) =>
    updateOtpSettings({ db: ctx.db, principal: ctx.principal, labId: ctx.lab.id, organizationId: ctx.lab.organizationId, changes }),
  ),
});
