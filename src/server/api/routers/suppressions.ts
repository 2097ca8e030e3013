import { z } from "zod";
import { createTRPCRouter, labAdminProcedure, labProcedure } from "@/server/api/trpc";
import { labInput, ZId } from "@/server/api/schemas";
import { ZChannel } from "@/server/domain/triggers";
import { addManualSuppression } from "@/server/services/suppressions/add-manual-suppression";
import { listSuppressions } from "@/server/services/suppressions/list-suppressions";
import { removeSuppression } from "@/server/services/suppressions/remove-suppression";

const REASONS = ["stop_keyword", "hard_bounce", "complaint", "provider_unsubscribed", "manual"] as const;

/** The lab's do-not-contact list: fed by STOP replies, bounces, complaints and providers; kept by lab admins. */
export const suppressionsRouter = createTRPCRouter({
  list: labProcedure
    .input(
      labInput({
        channel: ZChannel.optional(),
        addressPrefix: z.string().trim().min(1, "must not be empty").max(254, "expected at most 254 characters").optional(),
        reason: z.enum(REASONS, { message: `expected one of ${REASONS.join(", ")}` }).optional(),
        cursor: ZId.optional(),
        limit: z.number().int("expected a whole number").min(1, "expected at least 1").max(200, "expected at most 200").default(50),
      }),
    )
    .query(({ ctx, input: { labId: _labId, ...filters } }) => listSuppressions({ db: ctx.db, labId: ctx.lab.id, ...filters })),

  add: labAdminProcedure
    .input(
      labInput({
        channel: ZChannel,
        address: z.string().trim().min(1, "must not be empty").max(254, "expected at most 254 characters"),
        note: z.string().trim().min(1, "must not be empty").max(500, "expected at most 500 characters").optional(),
      }),
    )
    .mutation(({ ctx, input }) => addManualSuppression({ db: ctx.db, principal: ctx.principal, lab: ctx.lab, channel: input.channel, address: input.address, note: input.note })),

  remove: labAdminProcedure
    .input(labInput({ id: ZId }))
    .mutation(({ ctx, input }) => removeSuppression({ db: ctx.db, principal: ctx.principal, lab: ctx.lab, id: input.id })),
});
