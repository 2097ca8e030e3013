import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { createLogger, redactLine } from "@/server/logger";

function capture() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(chunk.toString("utf8"));
      done();
    },
  });
  return { logger: createLogger(stream), lines };
}

describe("log redaction", () => {
  it("redacts secret keys at any depth, in the logged object, child bindings and errors", () => {
    const { logger, lines } = capture();
    const child = logger.child({ requestId: "r-1", provider: { auth: { apiKey: "SECRET-child-apikey" } } });
    const error = Object.assign(new Error("provider refused"), { code: "ECONNRESET", config: { authToken: "SECRET-error-config" } });
    child.info(
      {
        account: { id: "acc_1", settings: { nested: { deeper: { authToken: "SECRET-deep-token", from: "Herald" } } } },
        accounts: [{ configEnc: "v1.SECRET-sealed" }, { config: { accountSid: "AC1", password: "SECRET-password" } }],
        headers: { Authorization: "Bearer SECRET-bearer", cookie: "better-auth.session_token=SECRET-cookie" },
        sms: { to: "+966500000000", code: "SECRET-123456" },
        clientSecret: "SECRET-client",
        err: error,
      },
      "sending",
    );
    expect(lines).toHaveLength(1);
    expect(lines[0]).not.toMatch(/SECRET-/);
    const entry = JSON.parse(lines[0]!) as Record<string, any>;
    // What is not secret still gets through, so the redaction is by key and not the whole line.
    expect(entry).toMatchObject({ msg: "sending", requestId: "r-1", account: { id: "acc_1", settings: { nested: { deeper: { authToken: "[redacted]", from: "Herald" } } } } });
    expect(entry.accounts).toEqual([{ configEnc: "[redacted]" }, { config: "[redacted]" }]);
    expect(entry.provider).toEqual({ auth: { apiKey: "[redacted]" } });
    expect(entry.sms).toEqual({ to: "+966500000000", code: "[redacted]" });
    expect(entry.err).toMatchObject({ message: "provider refused", code: "ECONNRESET", config: "[redacted]" });
  });

  it("leaves lines without secret keys as they are", () => {
    const line = '{"level":30,"msg":"trpc request","status":200}\n';
    expect(redactLine(line)).toBe(line);
  });
});
