import { describe, expect, it, vi } from "vitest";
import { logger } from "@/server/logger";
import { parseEnv } from "@/server/env";
import { inngestSigningProblem, logInngestSigningProblem } from "@/server/services/health/inngest-signing-problem";
import { refuseUnverifiable } from "@/app/api/inngest/refuse-unverifiable";

describe("the Inngest endpoint's signing key", () => {
  it("is required in production whenever Inngest runs the jobs, and dev mode is refused there", () => {
    expect(inngestSigningProblem(parseEnv({ NODE_ENV: "production", INNGEST_EVENT_KEY: "evt" }))).toMatch(/^INNGEST_SIGNING_KEY: required in production/);
    expect(inngestSigningProblem(parseEnv({ NODE_ENV: "production", JOBS_BACKEND: "inngest" }))).toMatch(/^INNGEST_SIGNING_KEY/);
    expect(inngestSigningProblem(parseEnv({ NODE_ENV: "production", INNGEST_DEV: "1", INNGEST_SIGNING_KEY: "signkey-prod" }))).toMatch(/^INNGEST_DEV: Inngest's dev mode accepts unsigned requests/);
    expect(inngestSigningProblem(parseEnv({ NODE_ENV: "production", INNGEST_DEV: "http://inngest:8288", INNGEST_SIGNING_KEY: "signkey-prod" }))).toMatch(/^INNGEST_DEV/);
  });

  it("is not needed outside production, with the local back end, or when set", () => {
    expect(inngestSigningProblem(parseEnv({ NODE_ENV: "development", INNGEST_DEV: "1" }))).toBeNull();
    expect(inngestSigningProblem(parseEnv({ NODE_ENV: "production" }))).toBeNull();
    expect(inngestSigningProblem(parseEnv({ NODE_ENV: "production", INNGEST_EVENT_KEY: "evt", INNGEST_SIGNING_KEY: "signkey-prod" }))).toBeNull();
    expect(inngestSigningProblem(parseEnv({ NODE_ENV: "production", INNGEST_EVENT_KEY: "evt", INNGEST_SIGNING_KEY: "signkey-prod", INNGEST_DEV: "0" }))).toBeNull();
  });
});

describe("start-up", () => {
  it("logs an error naming the missing key, and nothing when all is well", async () => {
    const error = vi.spyOn(logger, "error").mockImplementation(() => undefined);
    try {
      await logInngestSigningProblem(parseEnv({ NODE_ENV: "production", INNGEST_EVENT_KEY: "evt" }));
      expect(error).toHaveBeenCalledTimes(1);
      expect(error.mock.calls[0]![0]).toEqual({ problem: expect.stringMatching(/^INNGEST_SIGNING_KEY: required in production/) });
      await logInngestSigningProblem(parseEnv({ NODE_ENV: "production", INNGEST_EVENT_KEY: "evt", INNGEST_SIGNING_KEY: "signkey-prod-0123" }));
      expect(error).toHaveBeenCalledTimes(1);
    } finally {
      error.mockRestore();
    }
  });
});

describe("/api/inngest", () => {
  const served: string[] = [];
  const inngestHandler = async (request: Request) => {
    served.push(request.method);
    return new Response("served by Inngest's handler");
  };

  it("answers 503 naming the missing key in production, whatever the method, without reaching Inngest's handler", async () => {
    const handler = refuseUnverifiable(inngestHandler, () => parseEnv({ NODE_ENV: "production", INNGEST_EVENT_KEY: "evt" }));
    for (const method of ["GET", "POST", "PUT"]) {
      const response = await handler(new Request("http://localhost:3000/api/inngest", { method, body: method === "GET" ? undefined : "{}" }));
      expect(response.status).toBe(503);
      expect(await response.json()).toEqual({ error: expect.stringMatching(/^Inngest endpoint disabled: INNGEST_SIGNING_KEY: required in production/) });
    }
    expect(served).toEqual([]);
  });

  it("serves once the signing key is set", async () => {
    const handler = refuseUnverifiable(inngestHandler, () => parseEnv({ NODE_ENV: "production", INNGEST_EVENT_KEY: "evt", INNGEST_SIGNING_KEY: "signkey-prod-0123" }));
    const response = await handler(new Request("http://localhost:3000/api/inngest", { method: "PUT" }));
    expect(await response.text()).toBe("served by Inngest's handler");
    expect(served).toEqual(["PUT"]);
  });
});
