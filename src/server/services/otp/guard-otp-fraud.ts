import { parsePhoneNumberFromString } from "libphonenumber-js/max";
import type { SqlRunner } from "@/server/db/sql-runner";
import { sqlTimestamp } from "@/server/db/sql-time";
import { newId } from "@/server/db/new-id";

/** A prefix is blocked when its last hour's OTPs reach both this many and FACTOR times its hourly baseline. */
export const PREFIX_SPIKE_MINIMUM = 20;
export const PREFIX_SPIKE_FACTOR = 10;
export const PREFIX_BASELINE_HOURS = 7 * 24;
export const PREFIX_BLOCK_MS = 60 * 60_000;
const HOUR_MS = 60 * 60_000;

/** The number's country and the prefix SMS-pumping rings rent ranges under: calling code and three more digits. */
export function phoneFacts(e164: string): { country: string | null; prefix: string } {
  const parsed = parsePhoneNumberFromString(e164);
  const national = parsed?.nationalNumber ?? e164.slice(4);
  return { country: parsed?.country ?? null, prefix: parsed ? `+${parsed.countryCallingCode}${national.slice(0, 3)}` : e164.slice(0, 7) };
}

/** The countries a lab sends codes to: its list, or only its own country when the list is empty. */
export function servedCountries(settings: { countries: string[] }, labCountry: string): string[] {
  return settings.countries.length > 0 ? settings.countries : [labCountry];
}

export type TPrefixBlock = { until: Date; volume: number; baseline: number; new: boolean };

/** A prefix's block in force (if any) and its OTP volume: the last hour's and the baseline week's before it. */
export type TPrefixVolume = { active: { until: Date; volume: number; baseline: number } | null; recent: number; earlier: number };

type TPrefixCheck = { labId: string; prefix: string; country: string | null; now: Date };

/**
 * Whether SMS and WhatsApp to this prefix are blocked now: by an earlier block still cooling down,
 * or because this start makes the last hour's volume a spike over the prefix's baseline (the
 * average hour of the week before), which starts a block. The volume is the lab's challenges, so a
 * ring pumping one lab's sign-in form is stopped there.
 */
export async function checkPrefixBlock(tx: SqlRunner, check: TPrefixCheck): Promise<TPrefixBlock | null> {
  const { labId, prefix, now } = check;
  const [active] = await tx.$queryRaw<{ until: Date; volume: number; baseline: number }[]>`
    SELECT until, volume, baseline FROM "OtpPrefixBlock"
    WHERE "labId" = ${labId} AND prefix = ${prefix} AND until > ${sqlTimestamp(now)} ORDER BY until DESC LIMIT 1`;
  if (active) return { ...active, new: false };
  const hourAgo = new Date(now.getTime() - HOUR_MS);
  const [counts] = await tx.$queryRaw<{ recent: bigint; earlier: bigint }[]>`
    SELECT count(*) FILTER (WHERE "createdAt" >= ${sqlTimestamp(hourAgo)}) AS recent,
           count(*) FILTER (WHERE "createdAt" < ${sqlTimestamp(hourAgo)}) AS earlier
    FROM "OtpChallenge"
    WHERE "labId" = ${labId} AND prefix = ${prefix} AND "createdAt" >= ${sqlTimestamp(new Date(hourAgo.getTime() - PREFIX_BASELINE_HOURS * HOUR_MS))}`;
  return applyPrefixRule(tx, check, { active: null, recent: Number(counts?.recent ?? 0), earlier: Number(counts?.earlier ?? 0) });
}

/** The spike rule on a volume already read (see checkPrefixBlock): a new block is recorded at once. */
export async function applyPrefixRule(tx: SqlRunner, { labId, prefix, country, now }: TPrefixCheck, { active, recent, earlier }: TPrefixVolume): Promise<TPrefixBlock | null> {
  if (active) return { ...active, new: false };
  const volume = recent + 1;
  const baseline = earlier / PREFIX_BASELINE_HOURS;
  if (volume < Math.max(PREFIX_SPIKE_MINIMUM, PREFIX_SPIKE_FACTOR * baseline)) return null;
  const until = new Date(now.getTime() + PREFIX_BLOCK_MS);
  await tx.$executeRaw`
    INSERT INTO "OtpPrefixBlock" (id, "labId", prefix, country, volume, baseline, until, "createdAt")
    VALUES (${newId()}, ${labId}, ${prefix}, ${country}, ${volume}, ${baseline}, ${sqlTimestamp(until)}, ${sqlTimestamp(now)})`;
  return { until, volume, baseline, new: true };
}
