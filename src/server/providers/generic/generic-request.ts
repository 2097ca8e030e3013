// One call to a generic vendor. To the real host: https only, to a host the platform allows, through
// a lookup that refuses internal addresses, and no redirect followed. When the platform redirects
// generic vendors (PROVIDER_BASE_URLS or the simulator: its own setting, never a lab's), the call goes
// to <base>/<host><path> instead.
import http from "node:http";
import https from "node:https";
import { publicOnlyLookup, urlProblem } from "@/server/providers/generic/generic-address";
import type { TGenericConfig } from "@/server/providers/generic/generic-config";
import type { TProviderAnswer } from "@/server/providers/http/provider-call";
import { redactSecrets } from "@/server/providers/http/provider-call";
import { ProviderError } from "@/server/providers/provider-error";
import type { TAdapterContext } from "@/server/providers/types";

const MAX_ANSWER_BYTES = 256 * 1024;
const agent = new https.Agent({ keepAlive: true, lookup: publicOnlyLookup });
const platformAgent = new http.Agent({ keepAlive: true });

function targetOf(config: TGenericConfig, context: TAdapterContext): URL {
  const problem = urlProblem(config.url, context.allowedHosts ?? []);
  if (problem) throw new ProviderError({ kind: "permanent", scope: "account", code: "url_not_allowed", message: `url: ${problem}` });
  const url = new URL(config.url);
  if (config.authType === "query") url.searchParams.set(config.authName!, config.authSecret!);
  if (!context.baseUrl) return url;
  return new URL(`${context.baseUrl}/${url.hostname}${url.pathname}${url.search}`);
}

function authHeaders(config: TGenericConfig): Record<string, string> {
  if (config.authType === "header") return { [config.authName!]: config.authSecret! };
  if (config.authType === "basic") return { authorization: `Basic ${Buffer.from(`${config.authName}:${config.authSecret}`).toString("base64")}` };
  return {};
}

export function secretsOf(config: TGenericConfig): string[] {
  return [config.authSecret, config.webhookSecret].filter((s): s is string => Boolean(s));
}

export function callGenericVendor(config: TGenericConfig, body: string, context: TAdapterContext): Promise<TProviderAnswer> {
  const url = targetOf(config, context);
  const contentType = config.contentType === "json" ? "application/json; charset=utf-8" : "application/x-www-form-urlencoded; charset=utf-8";
  const headers = { ...authHeaders(config), "content-type": contentType, accept: "application/json", "content-length": String(Buffer.byteLength(body)), "user-agent": "Herald" };
  const secure = url.protocol === "https:";
  return new Promise<TProviderAnswer>((resolve, reject) => {
    const fail = (code: "timeout" | "network_error", why: string) =>
      reject(new ProviderError({ kind: "retryable", scope: "account", code, message: redactSecrets(`the vendor did not answer: ${why}`, secretsOf(config)) }));
    if (context.signal.aborted) return fail("timeout", "aborted (timeout or shutdown)");
    const request = (secure ? https : http).request(url, { method: config.method, headers, agent: secure ? agent : platformAgent, signal: context.signal }, (response) => {
      const chunks: Buffer[] = [];
      let size = 0;
      response.on("data", (chunk: Buffer) => {
        size += chunk.length;
        if (size <= MAX_ANSWER_BYTES) chunks.push(chunk);
      });
      response.on("end", () => {
        const text = Buffer.concat(chunks).toString("utf8");
        let json: unknown = null;
        try {
          json = text ? JSON.parse(text) : null;
        } catch {
          json = null;
        }
        const answerHeaders = new Headers();
        for (const [name, value] of Object.entries(response.headers)) if (typeof value === "string") answerHeaders.set(name, value);
        resolve({ status: response.statusCode ?? 0, headers: answerHeaders, text, json });
      });
      response.on("error", (error) => fail("network_error", error.message));
    });
    request.on("error", (error: Error & { code?: string }) => {
      if (error.code === "EINTERNALADDRESS") {
        reject(new ProviderError({ kind: "permanent", scope: "account", code: "url_not_allowed", message: `url: ${error.message}` }));
        return;
      }
      if (context.signal.aborted) fail("timeout", "aborted (timeout or shutdown)");
      else fail("network_error", error.code ?? error.message);
    });
    request.end(body);
  });
}
