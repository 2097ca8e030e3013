import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

/**
 * The statistics rollup finds changed messages through the events their changes write: a service
 * that changes a message without writing a MessageEvent would leave the figures behind. Only writes
 * of columns no statistic reads are exempt (the call-start mark, callStartedAt; a dead executor's claims
 * made stale, claimedAt; an OTP's sealed content).
 */
const EXEMPT: Record<string, RegExp> = {
  "src/server/services/delivery/outcome-writer.ts": /UPDATE "Message" SET "callStartedAt" = [^;]*WHERE/,
  "src/server/services/delivery/expire-dead-claims.ts": /UPDATE "Message" SET "claimedAt" = [^;]*?WHERE/,
  "src/server/services/otp/send-otp-code.ts": /UPDATE "Message" AS m SET "sealedContent" = [^;]*?WHERE/,
  "src/server/services/otp/sweep-otp-challenges.ts": /UPDATE "Message" SET "sealedContent" = NULL[^;]*?WHERE/,
};

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === "generated" ? [] : sources(full);
    return entry.name.endsWith(".ts") ? [full] : [];
  });
}

describe("every change to a message writes an event", () => {
  it("holds in each service that updates or inserts messages", () => {
    const writers = sources("src/server").filter((file) => /UPDATE "Message"|INSERT INTO "Message" |\.message\.(update|updateMany|create|upsert)\(/.test(readFileSync(file, "utf8")));
    expect(writers.length).toBeGreaterThan(5);
    const silent = writers.filter((file) => {
      const text = readFileSync(file, "utf8");
      const exempt = EXEMPT[file];
      const rest = exempt ? text.replace(exempt, "") : text;
      const writes = /UPDATE "Message"|INSERT INTO "Message" |\.message\.(update|updateMany|create|upsert)\(/.test(rest);
      return writes && !/INSERT INTO "MessageEvent"|messageEvent\.create|events: \{ create/.test(text);
    });
    expect(silent).toEqual([]);
  });
});
