import type { Channel } from "@/generated/prisma/enums";
import { classifyCommonError, ProviderError } from "@/server/providers/provider-error";
import { ZSandboxConfig, type TSandboxConfig, type TSandboxOutcome } from "@/server/providers/sandbox/sandbox-config";
import { sandboxLedger } from "@/server/providers/sandbox/sandbox-ledger";
import { chooseSandboxOutcome } from "@/server/providers/sandbox/sandbox-outcome";
import type { ChannelAdapter, TOutgoingMessage, TProviderAcceptance, TStatusReport } from "@/server/providers/types";

/** What differs between the sandbox's channels: how they bill and what identifies a template. */
export type TSandboxChannelSpec<C extends Channel> = {
  channel: C;
  /** Billable units of a message (SMS segments; 1 otherwise). */
  units(message: TOutgoingMessage[C]): number;
  defaultCostPerUnit: number;
  template(message: TOutgoingMessage[C]): string | null;
};

// The provider message id carries what a status lookup needs, so lookups work after a restart too:
// sbx-<d|l|u>-<accepted at, ms>-<Herald message id>.
const ID_PATTERN = /^sbx-([dlu])-(\d+)-(.+)$/;
const ID_TAGS = { deliver: "d", deliver_late: "l", undeliverable: "u" } as const;

/** A deterministic, in-process provider for one channel; see sandbox-outcome.ts for its conventions. */
export function createSandboxAdapter<C extends Channel>(spec: TSandboxChannelSpec<C>): ChannelAdapter<C, TSandboxConfig> {
  return {
    provider: "sandbox",
    channel: spec.channel,
    configSchema: ZSandboxConfig,
    secretFields: ["apiKey"],
    // It remembers what it accepted per Herald message id, as an idempotency key would.
    idempotent: true,

    async send(message, config) {
      const previous = sandboxLedger.accepted(message.messageId);
      if (previous) return previous;
      const call = sandboxLedger.countCall(message.messageId);
      const outcome = chooseSandboxOutcome(
        { channel: spec.channel, to: message.to, triggerKey: message.triggerKey, template: spec.template(message) },
        config.rules,
      );
      throwIfFailing(outcome, call);
      const acceptedAt = new Date();
      const tag = outcome.type === "deliver_late" || outcome.type === "undeliverable" ? ID_TAGS[outcome.type] : ID_TAGS.deliver;
      const providerMessageId = `sbx-${tag}-${acceptedAt.getTime()}-${message.messageId}`;
      const units = spec.units(message);
      const result: TProviderAcceptance = {
        providerMessageId,
        status: "SENT",
        ...(spec.channel === "SMS" && { segments: units }),
        cost: roundCost(units * (config.costPerUnit ?? spec.defaultCostPerUnit)),
        currency: config.currency,
      };
      // A late delivery is only known to a later status lookup; the others call back at once.
      const callback = tag === ID_TAGS.deliver_late ? null : statusAt(providerMessageId, config, acceptedAt);
      if (callback) result.callbacks = [callback];
      sandboxLedger.accept(
        { messageId: message.messageId, providerMessageId, channel: spec.channel, message, from: config.from ?? null, acceptedAt },
        result,
      );
      return result;
    },

    async fetchStatus(providerMessageId, config) {
      return statusAt(providerMessageId, config, new Date());
    },

    classifyError: classifyCommonError,
  };
}

function throwIfFailing(outcome: TSandboxOutcome, call: number): void {
  if (outcome.type === "fail_permanently") {
    const message = outcome.message ?? `sandbox: permanent failure ${outcome.code}`;
    throw new ProviderError({ kind: "permanent", scope: outcome.scope, code: outcome.code, message, httpStatus: 400 });
  }
  if (outcome.type === "fail_temporarily" && call <= outcome.times) {
    const message = `sandbox: temporarily unavailable (send ${call} of ${outcome.times} failing)`;
    throw new ProviderError({ kind: "retryable", scope: "account", code: "provider_unavailable", message, httpStatus: 503 });
  }
  if (outcome.type === "rate_limit" && call <= outcome.times) {
    const { retryAfterMs } = outcome;
    throw new ProviderError({ kind: "retryable", scope: "account", code: "rate_limited", message: "sandbox: too many requests", httpStatus: 429, retryAfterMs });
  }
}

/** The status a provider would report for this id at `now`; null for ids the sandbox never issued. */
function statusAt(providerMessageId: string, config: TSandboxConfig, now: Date): TStatusReport | null {
  const match = ID_PATTERN.exec(providerMessageId);
  if (!match) return null;
  const [, tag, acceptedMs] = match;
  const acceptedAt = new Date(Number(acceptedMs));
  if (tag === ID_TAGS.undeliverable) {
    return { providerMessageId, status: "UNDELIVERED", at: acceptedAt, errorCode: "carrier_rejected", errorMessage: "sandbox: the carrier rejected the message" };
  }
  const deliveredAt = tag === ID_TAGS.deliver_late ? new Date(acceptedAt.getTime() + config.lateDeliveryMs) : acceptedAt;
  if (now < deliveredAt) return { providerMessageId, status: "SENT", at: acceptedAt };
  return { providerMessageId, status: "DELIVERED", at: deliveredAt };
}

function roundCost(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}
