// HTTP Basic as Twilio takes it: AccountSid:AuthToken, or an API key SID:secret with the AccountSid in the path.
import { basicAuth } from "../http";
import type { AccountStore, TSimRequest, TSimResponse } from "../types";
import { UNAUTHORIZED } from "./twilio-errors";

export type TTwilioAuth = { ok: true; accountSid: string; signingToken: string } | { ok: false; response: TSimResponse };

const PROVIDER = "twilio";

/**
 * Registered accounts (and API keys, registered by their SK sid) must present their secret and not
 * be disabled; unregistered ones are taken at their word. Callbacks are signed with the account's
 * auth token: the registered one, else the credential presented.
 */
export function authenticate(request: TSimRequest, accounts: AccountStore): TTwilioAuth {
  const accountSid = request.params.AccountSid ?? "";
  const credentials = basicAuth(request.headers.authorization);
  if (!credentials?.user || !credentials.password) return { ok: false, response: UNAUTHORIZED() };
  const { user, password } = credentials;
  const account = accounts.get(PROVIDER, accountSid);
  if (account?.disabled) return { ok: false, response: UNAUTHORIZED() };
  if (user.startsWith("AC")) {
    if (user !== accountSid || (account?.secret !== undefined && account.secret !== password)) return { ok: false, response: UNAUTHORIZED() };
  } else if (user.startsWith("SK")) {
    const key = accounts.get(PROVIDER, user);
    if (key?.disabled || (key?.secret !== undefined && key.secret !== password)) return { ok: false, response: UNAUTHORIZED() };
  } else {
    return { ok: false, response: UNAUTHORIZED() };
  }
  return { ok: true, accountSid, signingToken: account?.secret ?? password };
}
