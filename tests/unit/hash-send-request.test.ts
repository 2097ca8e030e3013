import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { hashSendRequest } from "@/server/services/notifications/hash-send-request";

// Hashes stored with idempotency keys are compared for 24 hours, across deploys: the text hashed
// must not change, whatever its implementation. These are the values stored today.
const STORED = [
  {
    request: {
      trigger: "RESULT_READY",
      recipient: { externalId: "p-1", phone: "+966501234567", name: 'Zoë "Z" \\ Ali' },
      variables: { patientName: "أحمد", count: 3, urgent: true },
      channels: ["SMS", "EMAIL"],
      idempotencyKey: "k-1",
      language: undefined,
    },
    hash: "baef3494dad42e1f7f91ec5bc1d6a490df1a744afc6a4c7fe024282a91e95a7a",
  },
  {
    request: { variables: {}, trigger: "OTP", recipient: { contactId: "c_1" }, sendAt: new Date("2026-03-01T06:00:00.000Z"), channels: [] },
    hash: "695e33bbac39ed4450975ac3a9521a8dc507155dc2510ab69910c85064dc90c8",
  },
  { request: { b: [1, null, undefined, "x", { z: 1, a: [] }], a: "\u2028\n\t" }, hash: "c2a399d8e7f9da4d0bd8164dce0fdddd5c8dcf304f14a746558b1d0e1aeadc07" },
  {
    request: { items: [{ trigger: "A", recipient: { email: "a@b.test" } }, { trigger: "B", partner: { externalId: "p" } }] },
    hash: "1d363ef73a73856a278a8496c67561e85c41c827f5a3c116a84ae0354fb47880",
  },
];

describe("hashSendRequest", () => {
  it("gives the hashes stored before, for the same requests", () => {
    for (const { request, hash } of STORED) expect(hashSendRequest(request)).toBe(hash);
  });

  it("hashes the same request the same whatever the order of its keys, leaving undefined fields out", () => {
    expect(hashSendRequest({ b: 1, a: { d: undefined, c: [undefined, "x"] } })).toBe(hashSendRequest({ a: { c: [null, "x"] }, b: 1 }));
    expect(hashSendRequest({ b: 1 })).not.toBe(hashSendRequest({ b: "1" }));
  });

  it("hashes a one-time code keyed, not its plain text", () => {
    const plain = createHash("sha256").update('{"variables":{"otpCode":"123456"}}').digest("hex");
    expect(hashSendRequest({ variables: { otpCode: "123456" } })).not.toBe(plain);
    expect(hashSendRequest({ variables: { otpCode: "123456" } })).not.toBe(hashSendRequest({ variables: { otpCode: "654321" } }));
  });
});
