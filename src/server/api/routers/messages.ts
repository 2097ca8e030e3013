import { z } from "zod";
import { createTRPCRouter, labProcedure, labSenderProcedure } from "@/server/api/trpc";
import { labInput, ZId } from "@/server/api/schemas";
import { ZDateTime } from "@/server/domain/send";
import { ZChannel, ZTriggerKey } from "@/server/domain/triggers";
import { MessageStatus } from "@/generated/prisma/enums";
import { PROVIDER_IDS } from "@/server/providers/registry";
import { getMessage } from "@/server/services/messages/get-message";
import { listMessages } from "@/server/services/messages/list-messages";
import { retryMessage } from "@/server/services/delivery/retry-message";

const STATUSES = Object.values(MessageStatus);
const text = (max: number) => z.string().min(1, "must not be empty").max(max, `expected at most ${max} characters`);

/** The list's filters, shared by the CSV export. */
export const ZMessageFilters = {
  status: z.enum(STATUSES, { message: `expected one of ${STATUSES.join(", ")}` }).optional(),
  channel: ZChannel.optional(),
  trigger: ZTriggerKey.optional(),
  contactId: ZId.optional(),
  externalId: text(128).optional(),
  to: text(254).optional(),
  provider: z.enum(PROVIDER_IDS, { message: `expected one of ${PROVIDER_IDS.join(", ")}` }).optional(),
  since: ZDateTime.optional(),
  until: ZDateTime.optional(),
};

export const ZListMessagesInput = labInput({
  ...ZMessageFilters,
  cursor: text(512).optional(),
  limit: z.number({ message: "expected a number" }).int("expected a whole number").min(1, "expected at least 1").max(100, "expected at most 100").default(50),
});

export const messagesRouter = createTRPCRouter({
  list: labProcedure.input(ZListMessagesInput).query(({ ctx, input }) => {
    const { labId: _labId, cursor, limit, ...filters } = input;
    return listMessages({ db: ctx.db, labId: ctx.lab.id, filters, cursor, limit });
  }),

  get: labProcedure.input(labInput({ messageId: ZId })).query(({ ctx, input }) => getMessage({ db: ctx.db, labId: ctx.lab.id, messageId: input.messageId })),

  /** Sends a failed message again, as a lab admin or the lab's system would. */
  retry: labSenderProcedure
    .input(labInput({ messageId: ZId }))
    .mutation(({ ctx, input }) => retryMessage({ db: ctx.db, principal: ctx.principal, labId: ctx.lab.id, messageId: input.messageId })),
});
