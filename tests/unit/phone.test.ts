import { describe, expect, it } from "vitest";
import { normalizePhone } from "@/server/services/contacts/normalize-phone";

describe("normalizePhone", () => {
  it("reads national numbers in the lab's country and returns E.164", () => {
    expect(normalizePhone("0501234567", "SA")).toBe("+966501234567");
    expect(normalizePhone(" 050 123 4567 ", "SA")).toBe("+966501234567");
    expect(normalizePhone("00966501234567", "SA")).toBe("+966501234567");
    expect(normalizePhone("9876543210", "IN")).toBe("+919876543210");
  });

  it("keeps international numbers whatever the default country", () => {
    expect(normalizePhone("+966 50 123 4567", "IN")).toBe("+966501234567");
    expect(normalizePhone("+44 20 7946 0958", "SA")).toBe("+442079460958");
  });

  it("refuses numbers that are not valid, not only too short", () => {
    expect(normalizePhone("12345", "SA")).toBeNull();
    expect(normalizePhone("050123456", "SA")).toBeNull();
    expect(normalizePhone("not a number", "SA")).toBeNull();
    expect(normalizePhone("", "SA")).toBeNull();
    expect(normalizePhone("0501234567", "ZZ")).toBeNull();
  });
});
