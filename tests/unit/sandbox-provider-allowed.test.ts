import { describe, expect, it } from "vitest";
import { parseEnv } from "@/server/env";
import { AppError } from "@/server/errors";
import { assertProviderAllowed } from "@/server/services/business-accounts/assert-provider-allowed";

const production = parseEnv({ NODE_ENV: "production" });

describe("the sandbox provider for a lab's account", () => {
  it("is refused in production with a BAD_REQUEST naming provider", () => {
    const call = () => assertProviderAllowed({ provider: "sandbox", labId: "lab_1" }, production);
    expect(call).toThrow(AppError);
    expect(call).toThrow(/^provider: expected a real provider: "sandbox" is not available to labs in production/);
    try {
      call();
    } catch (error) {
      expect(error).toMatchObject({ code: "BAD_REQUEST", field: "provider" });
    }
  });

  it("is allowed in production when the platform enables it, outside production, and for platform defaults", () => {
    expect(() => assertProviderAllowed({ provider: "sandbox", labId: "lab_1" }, parseEnv({ NODE_ENV: "production", HERALD_ALLOW_SANDBOX: "1" }))).not.toThrow();
    expect(() => assertProviderAllowed({ provider: "sandbox", labId: "lab_1" }, parseEnv({ NODE_ENV: "development" }))).not.toThrow();
    expect(() => assertProviderAllowed({ provider: "sandbox", labId: null }, production)).not.toThrow();
  });

  it("leaves real providers alone", () => {
    expect(() => assertProviderAllowed({ provider: "twilio", labId: "lab_1" }, production)).not.toThrow();
  });
});
