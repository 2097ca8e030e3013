import type { IncomingMessage, ServerResponse } from "node:http";
import type { TSimResponse } from "./types";

export function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    request.on("error", reject);
  });
}

export function writeResponse(response: ServerResponse, { status, headers = {}, body }: TSimResponse): void {
  const isText = typeof body === "string";
  const payload = body === undefined ? "" : isText ? body : JSON.stringify(body);
  const contentType = headers["content-type"] ?? (body === undefined ? undefined : isText ? "text/plain; charset=utf-8" : "application/json; charset=utf-8");
  response.writeHead(status, { ...headers, ...(contentType && { "content-type": contentType }), "content-length": Buffer.byteLength(payload) });
  response.end(payload);
}

/** HTTP Basic credentials, or null. */
export function basicAuth(header: string | undefined): { user: string; password: string } | null {
  const match = /^Basic\s+(.+)$/i.exec(header ?? "");
  if (!match) return null;
  const decoded = Buffer.from(match[1]!, "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  return colon < 0 ? { user: decoded, password: "" } : { user: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

/** A Bearer token, or null. */
export function bearer(header: string | undefined): string | null {
  return /^Bearer\s+(.+)$/i.exec(header ?? "")?.[1]?.trim() ?? null;
}

/** Matches "/a/:id/b" against a path; the named segments, or null. */
export function matchPattern(pattern: string, path: string): Record<string, string> | null {
  const want = pattern.split("/");
  const got = path.split("/");
  if (want.length !== got.length) return null;
  const params: Record<string, string> = {};
  for (const [i, segment] of want.entries()) {
    const actual = got[i]!;
    if (segment.startsWith(":")) {
      // A parameter may carry a suffix ("/:Sid.json").
      const [name, ...suffix] = segment.slice(1).split(".");
      const ending = suffix.length ? `.${suffix.join(".")}` : "";
      if (ending && !actual.endsWith(ending)) return null;
      const value = decodeURIComponent(ending ? actual.slice(0, -ending.length) : actual);
      if (!value) return null;
      params[name!] = value;
    } else if (segment !== actual) return null;
  }
  return params;
}
