import { describe, expect, it } from "vitest";
import { DEMO } from "@/server/services/seed/seed-demo";
import { describeSignIn } from "../../scripts/describe-sign-in";

describe("start-up banner", () => {
  it("names both demo users with their passwords when the demo is seeded", () => {
    const banner = describeSignIn("http://localhost:3000", DEMO);
    expect(banner).toContain("http://localhost:3000/login");
    expect(banner).toContain(`${DEMO.admin.email} / ${DEMO.admin.password}`);
    expect(banner).toContain(`${DEMO.staff.email} / ${DEMO.staff.password}`);
  });

  it("names no user when there is no demo", () => {
    expect(describeSignIn("https://herald.example.com", null)).toBe("Herald: open https://herald.example.com/login");
  });
});
