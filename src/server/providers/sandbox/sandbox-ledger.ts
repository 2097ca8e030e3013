import type { Channel } from "@/generated/prisma/enums";
import type { TOutgoingMessage, TProviderAcceptance } from "@/server/providers/types";

/** One message the sandbox accepted: what a real provider would have delivered. */
export type TSandboxSend = {
  messageId: string;
  providerMessageId: string;
  channel: Channel;
  /** What the sandbox was given, as a provider's API would have received it. */
  message: TOutgoingMessage[Channel];
  /** The account's `from`, to tell accounts apart in tests. */
  from: string | null;
  acceptedAt: Date;
};

type TEntry = { calls: number; accepted?: { send: TSandboxSend; result: TProviderAcceptance } };

// A long-running embedded server would otherwise keep every message it ever sent.
const MAX_ENTRIES = 100_000;

/**
 * The sandbox's memory, per Herald message id, shared by its channel adapters in this process:
 * how many send calls it has seen (for "fail the first n") and what it accepted (for idempotency).
 */
class SandboxLedger {
  private readonly entries = new Map<string, TEntry>();

  /** Counts a send call and returns its 1-based number. */
  countCall(messageId: string): number {
    const entry = this.entry(messageId);
    entry.calls += 1;
    return entry.calls;
  }

  accepted(messageId: string): TProviderAcceptance | undefined {
    return this.entries.get(messageId)?.accepted?.result;
  }

  accept(send: TSandboxSend, result: TProviderAcceptance): void {
    this.entry(send.messageId).accepted = { send, result };
  }

  /** What the sandbox accepted for this message: at most one send, however often it was asked. */
  sendsOf(messageId: string): TSandboxSend[] {
    const accepted = this.entries.get(messageId)?.accepted;
    return accepted ? [accepted.send] : [];
  }

  callsOf(messageId: string): number {
    return this.entries.get(messageId)?.calls ?? 0;
  }

  private entry(messageId: string): TEntry {
    let entry = this.entries.get(messageId);
    if (!entry) {
      if (this.entries.size >= MAX_ENTRIES) this.entries.delete(this.entries.keys().next().value as string);
      entry = { calls: 0 };
      this.entries.set(messageId, entry);
    }
    return entry;
  }
}

export const sandboxLedger = new SandboxLedger();
