// What a patient's reply means: the carriers' standard opt-out and opt-in words, and the ones a
// Saudi lab's patients send in Arabic. Only a reply that is the keyword alone counts, so "stop by
// the lab tomorrow" is not an opt-out.

export const OPT_OUT_KEYWORDS = ["STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT", "إيقاف", "ايقاف", "توقف", "وقف", "الغاء", "إلغاء", "الغاء الاشتراك", "إلغاء الاشتراك"] as const;
export const OPT_IN_KEYWORDS = ["START", "UNSTOP", "YES", "ابدأ", "ابدا", "اشتراك", "نعم"] as const;

export type TInboundIntent = "opt_out" | "opt_in" | null;

// Tatweel, Arabic diacritics and Latin punctuation do not change the word.
const NOISE = /[\u0640\u064B-\u065F\u0670.!،,؛;:'"()[\]\s]+/gu;

function canonical(text: string): string {
  return text.normalize("NFKC").replace(NOISE, " ").trim().toUpperCase();
}

const OUT = new Set(OPT_OUT_KEYWORDS.map(canonical));
const IN = new Set(OPT_IN_KEYWORDS.map(canonical));

/** Whether a reply opts out, opts back in, or is neither. */
export function inboundIntent(body: string): TInboundIntent {
  const word = canonical(body);
  if (OUT.has(word)) return "opt_out";
  if (IN.has(word)) return "opt_in";
  return null;
}
