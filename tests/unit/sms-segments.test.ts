import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { smsSegments, smsSegmentsByGraphemes } from "@/server/domain/sms-segments";

// The facts in PROVIDERS.md ("SMS segments"), which providers bill by.
describe("smsSegments", () => {
  it("fits 160 GSM-7 characters in one segment and 153 per part after that", () => {
    expect(smsSegments("a".repeat(160))).toEqual({ segments: 1, encoding: "GSM-7", characters: 160 });
    expect(smsSegments("a".repeat(161))).toEqual({ segments: 2, encoding: "GSM-7", characters: 161 });
    expect(smsSegments("a".repeat(306)).segments).toBe(2);
    expect(smsSegments("a".repeat(307)).segments).toBe(3);
  });

  it("counts each GSM-7 extension character twice", () => {
    for (const char of ["^", "{", "}", "\\", "[", "~", "]", "|", "€"]) {
      expect(smsSegments(char.repeat(80)), char).toEqual({ segments: 1, encoding: "GSM-7", characters: 160 });
      expect(smsSegments(char.repeat(81)).segments, char).toBe(2);
    }
  });

  it("switches the whole message to UCS-2 for one character outside GSM-7: 70, then 67 per part", () => {
    expect(smsSegments("مرحبا".repeat(14))).toEqual({ segments: 1, encoding: "UCS-2", characters: 70 });
    expect(smsSegments("ب".repeat(71))).toMatchObject({ segments: 2, encoding: "UCS-2" });
    expect(smsSegments("ب".repeat(134)).segments).toBe(2);
    expect(smsSegments("ب".repeat(135)).segments).toBe(3);
    expect(smsSegments(`${"a".repeat(60)}ب`)).toMatchObject({ segments: 1, encoding: "UCS-2" });
  });

  it("counts an emoji outside the BMP as two UCS-2 characters", () => {
    expect(smsSegments("😀".repeat(35))).toEqual({ segments: 1, encoding: "UCS-2", characters: 70 });
    expect(smsSegments("😀".repeat(36))).toEqual({ segments: 2, encoding: "UCS-2", characters: 72 });
  });
});

describe("smsSegments' direct count", () => {
  // Alphabets that exercise both paths: GSM-7 with extension characters, Arabic
  // letters and diacritics (marks), Devanagari, Thai, emoji with joiners and
  // skin tones, flags, CRLF.
  const pools = [
    "abcXYZ019 .,!?@£$¥èéùìòÇØøÅåΔΦΓΛΩΠΨΣΘΞÆæßÉ\n\r",
    "^{}\\[~]|€",
    "مرحباًسارةتقريرك جاهز",
    "\u064b\u064e\u0650\u0651",
    "नमस्ते रिपोर्ट",
    "สวัสดีครับ",
    "😀👍🏽👨‍👩‍👧🇸🇦❤️",
    "\r\n",
  ];
  let seed = 42;
  const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);

  it("agrees with the package on hundreds of random bodies, long and short", () => {
    for (let i = 0; i < 300; i++) {
      const chosen = pools.filter(() => random() < 0.4);
      const alphabet = Array.from((chosen.length ? chosen : pools.slice(0, 1)).join(""));
      const length = Math.floor(random() * 420);
      const body = Array.from({ length }, () => alphabet[Math.floor(random() * alphabet.length)]).join("");
      expect(smsSegments(body), JSON.stringify(body)).toEqual(smsSegmentsByGraphemes(body));
    }
  });

  it("agrees at every length around the segment boundaries", () => {
    for (const char of ["a", "{", "ب", "😀"]) {
      for (const length of [34, 35, 36, 66, 67, 68, 69, 70, 71, 72, 76, 77, 80, 81, 133, 134, 135, 152, 153, 154, 159, 160, 161, 306, 307]) {
        const body = "x".repeat(length % 3) + char.repeat(length);
        expect(smsSegments(body), `${length} x ${char}`).toEqual(smsSegmentsByGraphemes(body));
      }
    }
  });
});

describe("smsSegments outside vitest", () => {
  // vitest unwraps CommonJS default exports for us; the CLI and scripts run on
  // Node's own ESM loader (tsx), which does not, so check the count there too.
  it("counts the same under tsx", () => {
    const script = `import { smsSegments } from "@/server/domain/sms-segments"; console.log(JSON.stringify(smsSegments("Hello {Sara} €")));`;
    const output = execFileSync("node_modules/.bin/tsx", ["--input-type=module", "-e", script], { encoding: "utf8" });
    expect(JSON.parse(output)).toEqual(smsSegments("Hello {Sara} €"));
    expect(JSON.parse(output)).toEqual({ segments: 1, encoding: "GSM-7", characters: 17 });
  });
});
