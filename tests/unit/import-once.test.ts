import { describe, expect, it } from "vitest";
import { importOnce } from "@/server/import-once";

describe("importOnce", () => {
  it("loads once for every caller, and again after a failed load", async () => {
    let calls = 0;
    const outcomes: (() => Promise<string>)[] = [() => Promise.reject(new Error("offline")), () => Promise.resolve("module")];
    const load = importOnce(() => outcomes[calls++]!());

    await expect(load()).rejects.toThrow("offline");
    expect(await Promise.all([load(), load()])).toEqual(["module", "module"]);
    expect(await load()).toBe("module");
    expect(calls).toBe(2);
  });
});
