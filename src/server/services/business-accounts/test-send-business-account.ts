import { randomUUID } from "node:crypto";
import { z } from "zod";
import type { Channel } from "@/generated/prisma/enums";
import type { Db } from "@/server/db";
import type { TPrincipal } from "@/server/access/principal";
import { AppError } from "@/server/errors";
import type { AnyChannelAdapter, TClassifiedError, TOutgoingMessage, TProviderStatus } from "@/server/providers/types";
import { normalizePhone } from "@/server/services/contacts/normalize-phone";
import { adapterContextFor } from "@/server/services/providers/provider-endpoints";
import { openAccountConfig, openStoredConfigOrNull, requireAdapter } from "@/server/services/business-accounts/account-config";
import { buildTestMessage } from "@/server/services/business-accounts/build-test-message";
import { claimTestSend, recordTestSendOutcome } from "@/server/services/business-accounts/claim-test-send";
import { redactSecrets, secretValuesOf } from "@/server/services/business-accounts/mask-account-config";

const ZEmailAddress = z.email();

export type TTestSendResult =
  | { ok: true; providerMessageId: string; status: TProviderStatus }
  | { ok: false; error: Pick<TClassifiedError, "code" | "message" | "kind" | "scope"> };

export type TTestSendOutcome = { kind: "sent"; result: TTestSendResult } | { kind: "throttled"; retryAfterMs: number };

export type TTestSendBusinessAccountOptions = {
  db: Db;
  principal: TPrincipal | null;
  /** The lab whose own account this is; null for a platform default. */
  lab: { id: string; organizationId: string; country: string; hardStop: boolean } | null;
  accountId: string;
  /** A phone number (national ones read in the lab's country) or an email address, by the account's channel. */
  to: string;
};

/**
 * Sends one test message through one account right now, not through the queue, by the path delivery
 * takes (adapter, opened config, adapter context, send), so a config that works here works there.
 * Nothing is stored but the audit entry; the provider's later status callbacks match no message.
 */
export async function testSendBusinessAccount({ db, principal, lab, accountId, to }: TTestSendBusinessAccountOptions): Promise<TTestSendOutcome> {
  const account = await db.businessAccount.findFirst({
    where: { id: accountId, labId: lab?.id ?? null },
    select: { id: true, channel: true, provider: true, name: true, configEnc: true, webhookTokenEnc: true },
  });
  if (!account) throw new AppError("NOT_FOUND", lab ? "business account not found in this lab" : "platform default account not found", "id");
  if (lab?.hardStop) throw AppError.forFields("PRECONDITION_FAILED", [{ field: "labId", message: "the lab's hard stop is on: nothing is sent, test messages included", params: { reason: "hard_stop" } }]);
  const address = testAddress(account.channel, to, lab?.country ?? null);
  const adapter = await requireAdapter(account.provider, account.channel);

  const messageId = `test-${randomUUID()}`;
  const claim = await claimTestSend({ db, principal, lab, accountId, messageId, to: address });
  if (claim) return { kind: "throttled", retryAfterMs: claim.retryAfterMs };

  const result = await sendThroughAdapter(account, adapter, buildTestMessage({ channel: account.channel, messageId, to: address, accountName: account.name }));
  await recordTestSendOutcome(
    db,
    { accountId, messageId, to: address },
    result.ok ? { ok: true, status: result.status, providerMessageId: result.providerMessageId } : { ok: false, code: result.error.code },
  );
  return { kind: "sent", result };
}

type TTestAccount = { id: string; channel: Channel; provider: string; configEnc: string; webhookTokenEnc: string | null };

async function sendThroughAdapter(account: TTestAccount, adapter: AnyChannelAdapter, message: TOutgoingMessage[Channel]): Promise<TTestSendResult> {
  const secrets = secretValuesOf(openStoredConfigOrNull(account.configEnc) ?? {}, adapter.secretFields);
  let config: unknown;
  try {
    config = openAccountConfig(adapter, account.configEnc);
  } catch (error) {
    // The reason may quote the config; say only that it is unusable, as delivery does.
    const reason = `the account's config cannot be decrypted or is invalid (${(error as Error).name}); save it again`;
    return { ok: false, error: { code: "invalid_config", message: reason, kind: "permanent", scope: "account" } };
  }
  try {
    const context = adapterContextFor({ provider: account.provider, accountId: account.id, timeoutMs: adapter.timeoutMs, webhookTokenEnc: account.webhookTokenEnc });
    const accepted = await adapter.send(message, config, context);
    return { ok: true, providerMessageId: accepted.providerMessageId, status: accepted.status };
  } catch (error) {
    const { code, message: reason, kind, scope } = adapter.classifyError(error);
    return { ok: false, error: { code, message: redactSecrets(reason, secrets), kind, scope } };
  }
}

/** The address in the form delivery uses: E.164 for phones (national numbers in the lab's country), or an email address. */
function testAddress(channel: Channel, to: string, country: string | null): string {
  if (channel === "EMAIL") {
    if (!ZEmailAddress.safeParse(to).success) throw AppError.forFields("BAD_REQUEST", [{ field: "to", message: `expected an email address for this email account, got "${to}"`, params: { reason: "test_address", channel: "EMAIL" } }]);
    return to;
  }
  // A platform default has no lab, so no country to read a national number in.
  const e164 = normalizePhone(to, country ?? "");
  if (e164) return e164;
  const expected = country ? `a valid phone number, national (${country}) or international (+country code)` : "a valid international phone number (+country code)";
  throw AppError.forFields("BAD_REQUEST", [{ field: "to", message: `expected ${expected} for this ${channel} account, got "${to}"`, params: { reason: "test_address", channel } }]);
}
