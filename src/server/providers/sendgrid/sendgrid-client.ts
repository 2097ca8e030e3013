// SendGrid's HTTP client per credential set and base URL, through the official SDK's Client
// (the one @sendgrid/mail sends with): its auth, headers, base URL handling and ResponseError.
import { Client } from "@sendgrid/client";
import type { ClientRequest } from "@sendgrid/client/src/request";
import type { ClientResponse } from "@sendgrid/client/src/response";

type TSignalledRequest = ClientRequest & { signal?: AbortSignal };

/**
 * The SDK builds axios's options from a fixed list of request fields, dropping anything else, so a
 * per-call AbortSignal (timeout, shutdown) is carried through to axios here. Its timeout setting is
 * client-wide, which would not let one call be cancelled on its own.
 */
class AbortableClient extends Client {
  override createRequest(data: TSignalledRequest): ClientRequest {
    const { signal, ...rest } = data;
    const options = super.createRequest(rest);
    return signal ? Object.assign(options, { signal }) : options;
  }
}

// Enough for every account of a large platform; the oldest entry goes first beyond it.
const MAX_CLIENTS = 200;
const clients = new Map<string, AbortableClient>();

function clientFor(apiKey: string, baseUrl: string | null): AbortableClient {
  const key = `${baseUrl ?? ""} ${apiKey}`;
  const cached = clients.get(key);
  if (cached) return cached;
  const client = new AbortableClient();
  client.setApiKey(apiKey);
  // setApiKey resets the base URL to SendGrid's global host, so the platform's override comes after it.
  if (baseUrl) client.setDefaultRequest("baseUrl", baseUrl);
  if (clients.size >= MAX_CLIENTS) clients.delete(clients.keys().next().value!);
  clients.set(key, client);
  return client;
}

export type TSendGridCall = { apiKey: string; baseUrl: string | null; signal: AbortSignal };

/** POSTs a v3 JSON request; resolves with SendGrid's answer, rejects with the SDK's ResponseError or axios's error. */
export async function sendGridRequest(call: TSendGridCall, url: string, body: object): Promise<ClientResponse> {
  const client = clientFor(call.apiKey, call.baseUrl);
  const request: TSignalledRequest = { method: "POST", url, body, signal: call.signal };
  const [response] = await client.request(request);
  return response;
}

/** A response header's value whatever its case (axios lower-cases them, but the type is loose). */
export function headerOf(headers: unknown, name: string): string | undefined {
  if (typeof headers !== "object" || headers === null) return undefined;
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(headers as Record<string, unknown>)) {
    if (key.toLowerCase() === wanted) return Array.isArray(value) ? String(value[0]) : value == null ? undefined : String(value);
  }
  return undefined;
}
