import { z } from "zod";
import { createTRPCRouter, labAdminProcedure, labProcedure } from "@/server/api/trpc";
import { labInput, ZId } from "@/server/api/schemas";
import { createApiKey } from "@/server/services/api-keys/create-api-key";
import { listApiKeys } from "@/server/services/api-keys/list-api-keys";
import { revokeApiKey } from "@/server/services/api-keys/revoke-api-key";

export const ZApiKeyName = z.string().trim().min(1, "must not be empty").max(80, "expected at most 80 characters");

export const apiKeysRouter = createTRPCRouter({
  list: labProcedure.input(labInput({})).query(({ ctx }) => listApiKeys(ctx.db, ctx.lab)),

  create: labAdminProcedure
    .input(labInput({ name: ZApiKeyName, scope: z.enum(["lab", "organization"], { message: "expected lab or organization" }).default("lab") }))
    .mutation(({ ctx, input }) => createApiKey({ db: ctx.db, principal: ctx.principal, labId: ctx.lab.id, name: input.name, scope: input.scope })),

  revoke: labAdminProcedure
    .input(labInput({ id: ZId }))
    .mutation(({ ctx, input }) => revokeApiKey({ db: ctx.db, principal: ctx.principal, lab: ctx.lab, apiKeyId: input.id })),
});
