import { z } from "zod";
import { createTRPCRouter, labSenderProcedure } from "@/server/api/trpc";
import { labInput, ZId } from "@/server/api/schemas";
import { requireRecipientOrPartner, ZSendItem, ZSendManyFields } from "@/server/domain/send";
import { cancelMessages } from "@/server/services/delivery/cancel-messages";
import { sendNotifications } from "@/server/services/notifications/send-notifications";
import { sendOne } from "@/server/services/notifications/send-grouped";

export const notificationsRouter = createTRPCRouter({
  /** Written together with the lab's other single sends in flight (send-grouped.ts), each answered as if alone. */
  send: labSenderProcedure.input(labInput(ZSendItem.shape).superRefine(requireRecipientOrPartner)).mutation(({ ctx, input }) => {
    const { labId: _labId, ...item } = input;
    return sendOne({ db: ctx.db, lab: ctx.lab, requestId: ctx.requestId, item, logger: ctx.logger });
  }),

  /** Up to 1,000 items, all written or none: one bad item fails the call, naming `items.<n>.<field>`. */
  sendMany: labSenderProcedure.input(labInput(ZSendManyFields)).mutation(({ ctx, input }) =>
    sendNotifications({
      db: ctx.db,
      lab: ctx.lab,
      requestId: ctx.requestId,
      items: input.items,
      batchKey: input.idempotencyKey,
      itemPath: (index) => `items.${index}.`,
      logger: ctx.logger,
    }),
  ),

  /** Cancels messages not yet handed to a provider (scheduled or queued). */
  cancel: labSenderProcedure
    .input(labInput({ messageIds: z.array(ZId, { message: "expected a list of message ids" }).min(1, "expected at least one id").max(1000, "expected at most 1000 ids") }))
    .mutation(({ ctx, input }) => cancelMessages({ db: ctx.db, labId: ctx.lab.id, messageIds: input.messageIds, principal: ctx.principal })),
});
