import { z } from "zod";
import { createTRPCRouter, labAdminProcedure } from "@/server/api/trpc";
import { labInput, ZId, ZPageCursor, ZPageLimit } from "@/server/api/schemas";
import { ZDateTime } from "@/server/domain/send";
import { listAuditEntries } from "@/server/services/audit/list-audit-entries";

const text = (max: number) => z.string().trim().min(1, "must not be empty").max(max, `expected at most ${max} characters`);

export const ZListAuditInput = labInput({
  actorId: ZId.optional(),
  action: text(80).regex(/^[a-z][a-zA-Z.]*$/, "expected an action such as contact.consent.withdraw").optional(),
  targetType: text(40).regex(/^[a-z][a-zA-Z]*$/, "expected a target type such as contact or lab").optional(),
  targetId: ZId.optional(),
  since: ZDateTime.optional(),
  until: ZDateTime.optional(),
  cursor: ZPageCursor.optional(),
  limit: ZPageLimit,
});

/** Who changed what in a lab: for its admins (and platform admins), never for staff or API keys. */
export const auditRouter = createTRPCRouter({
  list: labAdminProcedure.input(ZListAuditInput).query(({ ctx, input }) => {
    const { labId: _labId, cursor, limit, ...filters } = input;
    return listAuditEntries({ db: ctx.db, labId: ctx.lab.id, filters, cursor, limit });
  }),
});
