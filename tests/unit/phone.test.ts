import { describe, expect, it } from "vitest";
import { checkContactFields } from "@/server/services/contacts/check-contact-fields";
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

describe("the message for an invalid phone number", () => {
  const messageFor = (phone: string, country = "SA") => {
    const checked = checkContactFields({ phone }, country);
    if (checked.ok) throw new Error(`expected ${phone} to be refused`);
    return checked.issues[0].message;
  };

  it("names the country of the number's own calling code", () => {
    expect(messageFor("+1 555 0100")).toBe('expected a valid phone number for US (+1), got "+1 555 0100"');
    expect(messageFor("001 555 0100")).toContain("for US (+1)");
    expect(messageFor("+44 1")).toContain("for GB (+44)");
    expect(messageFor("+966 5")).toContain("for SA (+966)");
  });

  it("names the lab's country for a national number, and says so when the calling code is unknown", () => {
    expect(messageFor("12345")).toBe('expected a valid phone number for SA, national or international (+country code), got "12345"');
    expect(messageFor("12345", "IN")).toContain("for IN,");
    expect(messageFor("+999 123456")).toBe('expected a valid phone number with a known country code, got "+999 123456"');
  });
});
