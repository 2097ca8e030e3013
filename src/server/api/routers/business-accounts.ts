import { z } from "zod";
import { createTRPCRouter, labAdminProcedure, labProcedure } from "@/server/api/trpc";
import { labInput, ZId } from "@/server/api/schemas";
import { CHANNELS } from "@/server/domain/notifications";
import { createBusinessAccount } from "@/server/services/business-accounts/create-business-account";
import { deactivateBusinessAccount } from "@/server/services/business-accounts/deactivate-business-account";
import { listBusinessAccounts } from "@/server/services/business-accounts/list-business-accounts";
import { updateBusinessAccount } from "@/server/services/business-accounts/update-business-account";

const ZChannel = z.enum(CHANNELS, { message: `expected one of ${CHANNELS.join(", ")}` });
const ZAccountName = z.string().trim().min(1, "must not be empty").max(80, "expected at most 80 characters");
// The provider's own schema checks the contents (in the service), so errors name the provider's fields.
const ZAccountConfig = z.record(z.string(), z.unknown(), { message: "expected an object of provider settings" });
const ZPriority = z.number().int("expected a whole number").min(0, "expected 0 or more").max(10_000, "expected at most 10000");
const ZMaxAttempts = z.number().int("expected a whole number").min(1, "expected at least 1").max(10, "expected at most 10");

export const ZCreateBusinessAccountInput = labInput({
  channel: ZChannel,
  provider: z.string().trim().min(1, "must not be empty").max(40, "expected at most 40 characters"),
  name: ZAccountName,
  config: ZAccountConfig,
  priority: ZPriority.optional(),
  maxAttempts: ZMaxAttempts.optional(),
});

export const ZUpdateBusinessAccountInput = labInput({
  id: ZId,
  name: ZAccountName.optional(),
  config: ZAccountConfig.optional(),
  priority: ZPriority.optional(),
  maxAttempts: ZMaxAttempts.optional(),
  active: z.boolean().optional(),
});

/** A lab's provider accounts: configs go in, never come out. */
export const businessAccountsRouter = createTRPCRouter({
  list: labProcedure
    .input(labInput({ channel: ZChannel.optional() }))
    .query(({ ctx, input }) => listBusinessAccounts({ db: ctx.db, labId: ctx.lab.id, channel: input.channel })),

  create: labAdminProcedure
    .input(ZCreateBusinessAccountInput)
    .mutation(({ ctx, input: { labId: _labId, ...account } }) => createBusinessAccount({ db: ctx.db, principal: ctx.principal, labId: ctx.lab.id, ...account })),

  update: labAdminProcedure
    .input(ZUpdateBusinessAccountInput)
    .mutation(({ ctx, input: { labId: _labId, id, ...changes } }) =>
      updateBusinessAccount({ db: ctx.db, principal: ctx.principal, lab: ctx.lab, accountId: id, changes }),
    ),

  deactivate: labAdminProcedure
    .input(labInput({ id: ZId }))
    .mutation(({ ctx, input }) => deactivateBusinessAccount({ db: ctx.db, principal: ctx.principal, lab: ctx.lab, accountId: input.id })),

  setPriority: labAdminProcedure
    .input(labInput({ id: ZId, priority: ZPriority }))
    .mutation(({ ctx, input }) =>
      updateBusinessAccount({ db: ctx.db, principal: ctx.principal, lab: ctx.lab, accountId: input.id, changes: { priority: input.priority } }),
    ),
});
