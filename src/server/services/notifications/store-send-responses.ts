import { Prisma } from "@/generated/prisma/client";
import type { TStoredResponse } from "@/server/domain/send";

export type TStoreSendResponsesOptions = {
  labId: string;
  /** Idempotency key -> the response to replay; every key was claimed in this transaction. */
  responses: Map<string, TStoredResponse>;
};

/** Fills the claimed keys' responses in one statement, however many items carried keys. */
export async function storeSendResponses(tx: Prisma.TransactionClient, { labId, responses }: TStoreSendResponsesOptions): Promise<void> {
  if (responses.size === 0) return;
  const keys = [...responses.keys()];
  const bodies = keys.map((key) => JSON.stringify(responses.get(key)));
  await tx.$executeRaw`
    UPDATE "SendRequest" AS r SET response = u.response::jsonb
    FROM unnest(${keys}::text[], ${bodies}::text[]) AS u(key, response)
    WHERE r."labId" = ${labId} AND r."idempotencyKey" = u.key`;
}
