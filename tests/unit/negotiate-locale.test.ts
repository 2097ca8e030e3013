import { describe, expect, it } from "vitest";
import { directionOf } from "@/i18n/config";
import { negotiateLocale } from "@/i18n/negotiate-locale";

describe("negotiateLocale", () => {
  it("takes the viewer's stored choice over the browser's languages", () => {
    expect(negotiateLocale("ar", "en-US,en;q=0.9")).toBe("ar");
    expect(negotiateLocale("en", "ar-SA,ar;q=0.9")).toBe("en");
  });

  it("ignores a cookie naming a language the dashboard does not have", () => {
    expect(negotiateLocale("fr", "ar-SA")).toBe("ar");
    expect(negotiateLocale("", null)).toBe("en");
  });

  it("takes the browser's best-weighted language it has, any region of it", () => {
    expect(negotiateLocale(undefined, "ar-SA,ar;q=0.9,en;q=0.8")).toBe("ar");
    expect(negotiateLocale(undefined, "fr-FR,fr;q=0.9,ar;q=0.5,en;q=0.4")).toBe("ar");
    expect(negotiateLocale(undefined, "en;q=0.3, AR-EG;q=0.8")).toBe("ar");
    expect(negotiateLocale(undefined, "ur-PK, en-GB;q=0.7")).toBe("en");
  });

  it("keeps the browser's order between equal weights and drops refused ones", () => {
    expect(negotiateLocale(undefined, "en, ar")).toBe("en");
    expect(negotiateLocale(undefined, "ar;q=0, en;q=0.1")).toBe("en");
  });

  it("falls back to English when nothing matches or the header is malformed", () => {
    expect(negotiateLocale(undefined, "de-DE,fr;q=0.5")).toBe("en");
    expect(negotiateLocale(undefined, undefined)).toBe("en");
    expect(negotiateLocale(undefined, ";;,q=abc,")).toBe("en");
    expect(negotiateLocale(undefined, "ar;q=abc")).toBe("en");
  });
});

describe("directionOf", () => {
  it("lays Arabic out right to left and English left to right", () => {
    expect(directionOf("ar")).toBe("rtl");
    expect(directionOf("en")).toBe("ltr");
  });
});
