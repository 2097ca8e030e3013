import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { adapterContext } from "../helpers/adapter-context";
import { resolveEncryptionKey } from "@/server/crypto/encryption-key";
import { openJson, sealJson } from "@/server/crypto/secret-box";
import { parseEnv } from "@/server/env";
import { ProviderError } from "@/server/providers/provider-error";
import { loadAdapter } from "@/server/providers/registry";
import { ZSandboxConfig } from "@/server/providers/sandbox/sandbox-config";

const config = ZSandboxConfig.parse({ lateDeliveryMs: 60_000 });
const sms = (to: string) => ({ messageId: randomUUID(), to, triggerKey: "REPORT_READY", body: "Hello", segments: null });

async function smsAdapter() {
  const adapter = await loadAdapter("sandbox", "SMS");
  if (!adapter) throw new Error("no sandbox SMS adapter");
  return adapter;
}

describe("sandbox provider", () => {
  it("delivers by default, reporting cost and an immediate DELIVERED callback", async () => {
    const result = await (await smsAdapter()).send(sms("+966500001234"), config, adapterContext());
    expect(result).toMatchObject({ status: "SENT", segments: 1, cost: 0.0075, currency: "USD", callbacks: [{ status: "DELIVERED" }] });
  });

  it("follows the number conventions, deterministically per message", async () => {
    const adapter = await smsAdapter();
    await expect(adapter.send(sms("+966500000000"), config, adapterContext())).rejects.toMatchObject({ kind: "permanent", code: "invalid_number" });
    const flaky = sms("+966500001111");
    await expect(adapter.send(flaky, config, adapterContext())).rejects.toMatchObject({ kind: "retryable", httpStatus: 503 });
    await expect(adapter.send(flaky, config, adapterContext())).rejects.toMatchObject({ kind: "retryable" });
    await expect(adapter.send(flaky, config, adapterContext())).resolves.toMatchObject({ status: "SENT" });
    await expect(adapter.send(sms("+966500003333"), config, adapterContext())).rejects.toMatchObject({ code: "rate_limited", retryAfterMs: 2_000 });
    const late = await adapter.send(sms("+966500002222"), config, adapterContext());
    expect(late.callbacks).toBeUndefined();
    expect(await adapter.fetchStatus!(late.providerMessageId, config, adapterContext())).toMatchObject({ status: "SENT" });
    expect(await adapter.fetchStatus!(late.providerMessageId, { ...config, lateDeliveryMs: 0 }, adapterContext())).toMatchObject({ status: "DELIVERED" });
  });

  it("lets account rules pick the outcome per address or trigger before the conventions", async () => {
    const adapter = await smsAdapter();
    const rules = ZSandboxConfig.parse({ rules: [{ trigger: "OTP", outcome: { type: "fail_permanently", code: "blocked", scope: "account" } }] });
    await expect(adapter.send({ ...sms("+966500001234"), triggerKey: "OTP" }, rules, adapterContext())).rejects.toMatchObject({ code: "blocked", scope: "account" });
    await expect(adapter.send(sms("+966500001234"), rules, adapterContext())).resolves.toMatchObject({ status: "SENT" });
  });

  it("answers a repeated send of an accepted message with the first acceptance", async () => {
    const adapter = await smsAdapter();
    const message = sms("+966500001234");
    const first = await adapter.send(message, config, adapterContext());
    expect(await adapter.send(message, config, adapterContext())).toEqual(first);
  });

  it("classifies errors it did not raise: 5xx and network retryable, 401 the account's, other 4xx permanent", async () => {
    const { classifyError } = await smsAdapter();
    expect(classifyError(Object.assign(new Error("boom"), { status: 502 }))).toMatchObject({ kind: "retryable" });
    expect(classifyError(Object.assign(new Error("reset"), { code: "ECONNRESET" }))).toMatchObject({ kind: "retryable", code: "network_error" });
    expect(classifyError(Object.assign(new Error("no"), { statusCode: 401 }))).toMatchObject({ kind: "permanent", scope: "account" });
    expect(classifyError(Object.assign(new Error("bad"), { status: 400 }))).toMatchObject({ kind: "permanent", scope: "recipient" });
    expect(classifyError(new ProviderError({ kind: "retryable", scope: "account", code: "x", message: "y", retryAfterMs: 5 }))).toMatchObject({ retryAfterMs: 5 });
  });
});

describe("provider config encryption", () => {
  it("seals with AES-256-GCM bound to its column: tampering, another key or another context fails", () => {
    const key = Buffer.alloc(32, 7);
    const sealed = sealJson({ apiKey: "secret" }, key, "BusinessAccount.configEnc");
    expect(sealed).not.toContain("secret");
    expect(openJson(sealed, key, "BusinessAccount.configEnc")).toEqual({ apiKey: "secret" });
    expect(() => openJson(sealed, Buffer.alloc(32, 8), "BusinessAccount.configEnc")).toThrow();
    expect(() => openJson(sealed, key, "Other.column")).toThrow();
    const [v, id, iv, tag, data] = sealed.split(".");
    // A different first character, whatever the random IV made it: replacing an "A" with "A" tampers nothing.
    const tampered = `${data!.startsWith("A") ? "B" : "A"}${data!.slice(1)}`;
    expect(() => openJson([v, id, iv, tag, tampered].join("."), key, "BusinessAccount.configEnc")).toThrow(/unsupported state or unable to authenticate data/i);
  });

  it("uses HERALD_ENCRYPTION_KEY, else keeps a generated key in the data directory, and insists on one in production", () => {
    const key = Buffer.alloc(32, 3).toString("base64");
    expect(resolveEncryptionKey(parseEnv({ HERALD_ENCRYPTION_KEY: key })).toString("base64")).toBe(key);
    const dir = mkdtempSync(path.join(tmpdir(), "herald-key-"));
    const generated = resolveEncryptionKey(parseEnv({ HERALD_DATA_DIR: dir }));
    expect(generated).toHaveLength(32);
    expect(resolveEncryptionKey(parseEnv({ HERALD_DATA_DIR: dir }))).toEqual(generated);
    expect(readFileSync(path.join(dir, "encryption-key"), "utf8").trim()).toBe(generated.toString("base64"));
    expect(() => resolveEncryptionKey(parseEnv({ NODE_ENV: "production", DATABASE_URL: "postgres://db/herald", HERALD_DATA_DIR: dir }))).toThrow(/HERALD_ENCRYPTION_KEY/);
  });
});
