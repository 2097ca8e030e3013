// The provider simulator's plug-in shape: one folder per provider (simulator/<id>/), mirroring
// src/server/providers/, each exporting a TSimProvider that the server mounts at /<id>/.
import type { IncomingHttpHeaders } from "node:http";
import type { CallbackSender } from "./callbacks";
import type { Faults } from "./faults";
import type { Ledger } from "./ledger";

export type TSimRequest = {
  method: string;
  /** The path below the provider's prefix, e.g. "/2010-04-01/Accounts/AC1/Messages.json". */
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  rawBody: string;
  /** Named segments of the matched route pattern (":AccountSid" -> params.AccountSid). */
  params: Record<string, string>;
};

export type TSimResponse = {
  status: number;
  headers?: Record<string, string>;
  /** An object is sent as JSON; a string as is (set content-type in headers). */
  body?: unknown;
  /** What the ledger records of an accepted request: the Herald message it was for, the id issued. */
  ledger?: { heraldMessageId?: string | null; providerMessageId?: string | null };
};

/** Credentials and settings of one account at a provider, registered by a scenario or the admin API. */
export type TSimAccount = {
  provider: string;
  /** The provider's account key: Twilio AccountSid, Resend/SendGrid API key. */
  id: string;
  /** The credential the provider expects (Twilio auth token); unset accepts any. */
  secret?: string;
  /** Where account-level events go (Resend and SendGrid webhooks, inbound messages). */
  webhookUrl?: string;
  /** What signs them: a Svix "whsec_..." secret for Resend; SendGrid signs with the simulator's own key. */
  webhookSecret?: string;
  /** Requests with this account's credentials are refused as the provider refuses bad credentials. */
  disabled?: boolean;
  /** Sender ids the account may send from (Unifonic SenderIDs); any when unset. */
  senders?: string[];
};

export type TSimContext = {
  /** The simulator's own origin, e.g. http://127.0.0.1:4010. */
  origin: string;
  ledger: Ledger;
  faults: Faults;
  callbacks: CallbackSender;
  accounts: AccountStore;
};

export type TSimRoute = {
  method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  /** Path pattern below the provider prefix with ":name" segments. */
  pattern: string;
  /** A name for faults and the ledger: "send", "status", ... */
  operation: string;
  handle(request: TSimRequest, context: TSimContext): Promise<TSimResponse> | TSimResponse;
};

export type TSimInbound = { account: string; from: string; to: string; body: string };

export type TSimProvider = {
  id: string;
  routes: TSimRoute[];
  /** The account a request claims to be (before its credentials are checked), for per-account faults. */
  accountOf(request: TSimRequest): string | null;
  /** The provider's own error shape, for injected faults. */
  errorResponse(status: number, code: string | undefined, message: string): TSimResponse;
  /** Delivers an inbound message (a patient replying) to the account's inbound webhook. */
  inbound?(input: TSimInbound, context: TSimContext): Promise<void>;
};

export class AccountStore {
  private readonly accounts = new Map<string, TSimAccount>();

  register(account: TSimAccount): void {
    this.accounts.set(`${account.provider}:${account.id}`, account);
  }

  get(provider: string, id: string): TSimAccount | undefined {
    return this.accounts.get(`${provider}:${id}`);
  }

  list(provider?: string): TSimAccount[] {
    return [...this.accounts.values()].filter((a) => !provider || a.provider === provider);
  }

  clear(): void {
    this.accounts.clear();
  }
}
