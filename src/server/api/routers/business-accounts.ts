import { TRPCError } from "@trpc/server";
import { z } from "zod";
import { createTRPCRouter, labAdminProcedure, labProcedure, platformAdminProcedure } from "@/server/api/trpc";
import { labInput, ZId } from "@/server/api/schemas";
import { CHANNELS } from "@/server/domain/notifications";
import { PROVIDER_IDS } from "@/server/providers/registry";
import { TEST_SENDS_PER_MINUTE } from "@/server/services/business-accounts/claim-test-send";
import { createBusinessAccount } from "@/server/services/business-accounts/create-business-account";
import { getAccountHealth } from "@/server/services/business-accounts/get-account-health";
import { listAccountProviders } from "@/server/services/business-accounts/list-account-providers";
import { deactivateBusinessAccount } from "@/server/services/business-accounts/deactivate-business-account";
import { getBusinessAccount } from "@/server/services/business-accounts/get-business-account";
import { listBusinessAccounts } from "@/server/services/business-accounts/list-business-accounts";
import { reorderBusinessAccounts } from "@/server/services/business-accounts/reorder-business-accounts";
import { rotateWebhookToken } from "@/server/services/business-accounts/rotate-webhook-token";
import { testSendBusinessAccount, type TTestSendOutcome } from "@/server/services/business-accounts/test-send-business-account";
import { updateBusinessAccount } from "@/server/services/business-accounts/update-business-account";

const ZChannel = z.enum(CHANNELS, { message: `expected one of ${CHANNELS.join(", ")}` });
const ZProvider = z.enum(PROVIDER_IDS, { message: `expected one of ${PROVIDER_IDS.join(", ")}` });
const ZAccountName = z.string().trim().min(1, "must not be empty").max(80, "expected at most 80 characters");
// The provider's own schema checks the contents (in the service), so errors name the provider's fields.
const ZAccountConfig = z.record(z.string(), z.unknown(), { message: "expected an object of provider settings" });
const ZPriority = z.number().int("expected a whole number").min(0, "expected 0 or more").max(10_000, "expected at most 10000");
const ZMaxAttempts = z.number().int("expected a whole number").min(1, "expected at least 1").max(10, "expected at most 10");
// Null: the provider's documented limit (see the adapter's defaultRatePerSecond).
const ZSendRate = z
  .number({ message: "expected provider requests per second, or null for the provider's own limit" })
  .positive("expected more than 0 requests per second")
  .max(10_000, "expected at most 10000 requests per second")
  .nullable();
const ZTestAddress = z.string({ message: "expected a phone number or email address" }).trim().min(1, "must not be empty").max(254, "expected at most 254 characters");
const ZAccountIds = z.array(ZId, { message: "expected a list of account ids" }).min(1, "expected at least one id").max(100, "expected at most 100 ids");

const accountFields = {
  channel: ZChannel,
  provider: ZProvider,
  name: ZAccountName,
  config: ZAccountConfig,
  priority: ZPriority.optional(),
  maxAttempts: ZMaxAttempts.optional(),
  active: z.boolean().optional(),
  atLeastOnce: z.boolean({ message: "expected true or false" }).optional(),
  sendRatePerSecond: ZSendRate.optional(),
};

const accountChanges = {
  id: ZId,
  name: ZAccountName.optional(),
  /** Merged with the stored config: see mergeAccountConfig. */
  config: ZAccountConfig.optional(),
  priority: ZPriority.optional(),
  maxAttempts: ZMaxAttempts.optional(),
  active: z.boolean().optional(),
  atLeastOnce: z.boolean({ message: "expected true or false" }).optional(),
  sendRatePerSecond: ZSendRate.optional(),
};

export const ZCreateBusinessAccountInput = labInput(accountFields);
export const ZUpdateBusinessAccountInput = labInput(accountChanges);
export const ZTestSendInput = labInput({ id: ZId, to: ZTestAddress });

export const ZPlatformCreateBusinessAccountInput = z.strictObject(accountFields);
export const ZPlatformUpdateBusinessAccountInput = z.strictObject(accountChanges);
export const ZPlatformTestSendInput = z.strictObject({ id: ZId, to: ZTestAddress });

/** A throttled test send is the caller's to wait out, not a provider's failure. */
function answerTestSend(outcome: TTestSendOutcome) {
  if (outcome.kind === "sent") return outcome.result;
  const seconds = Math.ceil(outcome.retryAfterMs / 1000);
  throw new TRPCError({ code: "TOO_MANY_REQUESTS", message: `id: at most ${TEST_SENDS_PER_MINUTE} test sends per account per minute; try again in ${seconds} s` });
}

/**
 * Provider accounts: a lab's own (lab admins change them, everyone with access reads them) and the
 * platform defaults every lab falls back to (platform admins only). Secrets go in, never come out.
 */
export const businessAccountsRouter = createTRPCRouter({
  list: labProcedure
    .input(labInput({ channel: ZChannel.optional() }))
    .query(({ ctx, input }) => listBusinessAccounts({ db: ctx.db, labId: ctx.lab.id, channel: input.channel })),

  /** The providers an account can use per channel, each with the config schema its form is made from. */
  providers: labProcedure.input(labInput({})).query(({ ctx }) => listAccountProviders({ labId: ctx.lab.id })),

  /** Per account the lab can use: its outcomes for this lab's messages over 24 hours and its last error. */
  health: labProcedure
    .input(labInput({ channel: ZChannel.optional() }))
    .query(({ ctx, input }) => getAccountHealth({ db: ctx.db, labId: ctx.lab.id, channel: input.channel })),

  get: labProcedure.input(labInput({ id: ZId })).query(({ ctx, input }) => getBusinessAccount({ db: ctx.db, labId: ctx.lab.id, accountId: input.id })),

  create: labAdminProcedure
    .input(ZCreateBusinessAccountInput)
    .mutation(({ ctx, input: { labId: _labId, ...account } }) => createBusinessAccount({ db: ctx.db, principal: ctx.principal, labId: ctx.lab.id, ...account })),

  update: labAdminProcedure
    .input(ZUpdateBusinessAccountInput)
    .mutation(({ ctx, input: { labId: _labId, id, ...changes } }) =>
      updateBusinessAccount({ db: ctx.db, principal: ctx.principal, lab: ctx.lab, accountId: id, changes }),
    ),

  activate: labAdminProcedure
    .input(labInput({ id: ZId }))
    .mutation(({ ctx, input }) => updateBusinessAccount({ db: ctx.db, principal: ctx.principal, lab: ctx.lab, accountId: input.id, changes: { active: true } })),

  deactivate: labAdminProcedure
    .input(labInput({ id: ZId }))
    .mutation(({ ctx, input }) => deactivateBusinessAccount({ db: ctx.db, principal: ctx.principal, lab: ctx.lab, accountId: input.id })),

  setPriority: labAdminProcedure
    .input(labInput({ id: ZId, priority: ZPriority }))
    .mutation(({ ctx, input }) =>
      updateBusinessAccount({ db: ctx.db, principal: ctx.principal, lab: ctx.lab, accountId: input.id, changes: { priority: input.priority } }),
    ),

  reorder: labAdminProcedure
    .input(labInput({ ids: ZAccountIds }))
    .mutation(({ ctx, input }) => reorderBusinessAccounts({ db: ctx.db, principal: ctx.principal, lab: ctx.lab, ids: input.ids })),

  testSend: labAdminProcedure
    .input(ZTestSendInput)
    .mutation(async ({ ctx, input }) =>
      answerTestSend(await testSendBusinessAccount({ db: ctx.db, principal: ctx.principal, lab: ctx.lab, accountId: input.id, to: input.to })),
    ),

  /** Token-addressed providers only: a new webhook URL, shown in this answer only; the old one stops working at once. */
  rotateWebhookToken: labAdminProcedure
    .input(labInput({ id: ZId }))
    .mutation(({ ctx, input }) => rotateWebhookToken({ db: ctx.db, principal: ctx.principal, lab: ctx.lab, accountId: input.id })),

  platformList: platformAdminProcedure
    .input(z.strictObject({ channel: ZChannel.optional() }))
    .query(({ ctx, input }) => listBusinessAccounts({ db: ctx.db, labId: null, channel: input.channel })),

  platformGet: platformAdminProcedure
    .input(z.strictObject({ id: ZId }))
    .query(({ ctx, input }) => getBusinessAccount({ db: ctx.db, labId: null, accountId: input.id })),

  platformCreate: platformAdminProcedure
    .input(ZPlatformCreateBusinessAccountInput)
    .mutation(({ ctx, input }) => createBusinessAccount({ db: ctx.db, principal: ctx.principal, labId: null, ...input })),

  /** Also activates and deactivates (`active`) and moves one default (`priority`). */
  platformUpdate: platformAdminProcedure
    .input(ZPlatformUpdateBusinessAccountInput)
    .mutation(({ ctx, input: { id, ...changes } }) => updateBusinessAccount({ db: ctx.db, principal: ctx.principal, lab: null, accountId: id, changes })),

  platformReorder: platformAdminProcedure
    .input(z.strictObject({ ids: ZAccountIds }))
    .mutation(({ ctx, input }) => reorderBusinessAccounts({ db: ctx.db, principal: ctx.principal, lab: null, ids: input.ids })),

  platformRotateWebhookToken: platformAdminProcedure
    .input(z.strictObject({ id: ZId }))
    .mutation(({ ctx, input }) => rotateWebhookToken({ db: ctx.db, principal: ctx.principal, lab: null, accountId: input.id })),

  platformTestSend: platformAdminProcedure
    .input(ZPlatformTestSendInput)
    .mutation(async ({ ctx, input }) =>
      answerTestSend(await testSendBusinessAccount({ db: ctx.db, principal: ctx.principal, lab: null, accountId: input.id, to: input.to })),
    ),
});
