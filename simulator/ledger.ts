// What the simulator received and answered, so tests and benchmarks count sends per Herald message.

export type TLedgerEntry = {
  seq: number;
  provider: string;
  operation: string;
  account: string | null;
  /** Herald's message id where the request carries one (callback URL, tags, custom args). */
  heraldMessageId: string | null;
  /** The id the simulator issued, for accepted sends. */
  providerMessageId: string | null;
  method: string;
  path: string;
  contentType: string | null;
  /** The request body as received: tests validate it against the official specs. */
  rawBody: string;
  httpStatus: number;
  /** What a fault did to the request, if anything. */
  fault: string | null;
  at: string;
};

// A long run (a benchmark, the embedded default) would otherwise keep every request forever.
const MAX_ENTRIES = 200_000;

export class Ledger {
  private entries: TLedgerEntry[] = [];
  private seq = 0;
  private readonly acceptedByMessage = new Map<string, number>();

  record(entry: Omit<TLedgerEntry, "seq" | "at">): TLedgerEntry {
    const full = { ...entry, seq: ++this.seq, at: new Date().toISOString() };
    this.entries.push(full);
    if (this.entries.length > MAX_ENTRIES) this.entries = this.entries.slice(-MAX_ENTRIES / 2);
    if (entry.operation === "send" && entry.httpStatus < 300 && entry.heraldMessageId) {
      this.acceptedByMessage.set(entry.heraldMessageId, (this.acceptedByMessage.get(entry.heraldMessageId) ?? 0) + 1);
    }
    return full;
  }

  /** Accepted sends per Herald message id: more than one is a duplicate the patient received. */
  acceptedSends(heraldMessageId: string): number {
    return this.acceptedByMessage.get(heraldMessageId) ?? 0;
  }

  /** Every Herald message id accepted more than once, with its count. */
  duplicates(): Map<string, number> {
    return new Map([...this.acceptedByMessage].filter(([, count]) => count > 1));
  }

  query(filter: { provider?: string; operation?: string; heraldMessageId?: string; after?: number } = {}): TLedgerEntry[] {
    return this.entries.filter(
      (e) =>
        (!filter.provider || e.provider === filter.provider) &&
        (!filter.operation || e.operation === filter.operation) &&
        (!filter.heraldMessageId || e.heraldMessageId === filter.heraldMessageId) &&
        (filter.after === undefined || e.seq > filter.after),
    );
  }

  stats(): { requests: number; acceptedSends: number; messages: number; duplicates: number } {
    let acceptedSends = 0;
    for (const count of this.acceptedByMessage.values()) acceptedSends += count;
    return { requests: this.seq, acceptedSends, messages: this.acceptedByMessage.size, duplicates: this.duplicates().size };
  }

  clear(): void {
    this.entries = [];
    this.acceptedByMessage.clear();
  }
}
