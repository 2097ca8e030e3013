import { describe, expect, it } from "vitest";
import { EnvError, jobsBackend, parseEnv } from "@/server/env";

describe("environment", () => {
  it("runs on defaults with nothing set", () => {
    const e = parseEnv({});
    expect(e).toMatchObject({ PORT: 3000, HERALD_DATA_DIR: ".data", JOBS_BACKEND: "auto", LOG_LEVEL: "info", DATABASE_POOL_SIZE: 10 });
    expect(e.DATABASE_URL).toBeUndefined();
    expect(jobsBackend(e)).toBe("local");
  });

  it("names each bad variable", () => {
    try {
      parseEnv({ DATABASE_URL: "mysql://x", PORT: "eighty", HERALD_SECRET: "short", JOBS_BACKEND: "redis", DATABASE_POOL_SIZE: "0" });
      expect.unreachable("parseEnv accepted a bad environment");
    } catch (error) {
      expect(error).toBeInstanceOf(EnvError);
      const message = (error as EnvError).message;
      expect(message).toContain("DATABASE_URL: expected a postgres:// or postgresql:// URL");
      expect(message).toContain("PORT:");
      expect(message).toContain("HERALD_SECRET: expected at least 32 characters");
      expect(message).toContain("JOBS_BACKEND:");
      expect(message).toContain("DATABASE_POOL_SIZE:");
    }
  });

  it("treats empty values as unset and picks Inngest when it is configured", () => {
    expect(parseEnv({ DATABASE_URL: "" }).DATABASE_URL).toBeUndefined();
    expect(jobsBackend(parseEnv({ INNGEST_EVENT_KEY: "key" }))).toBe("inngest");
    expect(jobsBackend(parseEnv({ INNGEST_DEV: "1", JOBS_BACKEND: "local" }))).toBe("local");
  });
});
