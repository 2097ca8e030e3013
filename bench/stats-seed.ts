// Seeds one lab with a realistic mix of messages in bulk, server-side (generate_series), for bench:stats.
import { sqlOf, type Db } from "@/server/db";

export type TSeedOptions = { db: Db; labId: string; accounts: { sms: string; whatsapp: string; email: string }; messages: number; days: number; chunk?: number };

const TRIGGERS = ["REGISTRATION", "COLLECTION_SCHEDULED", "SAMPLE_COLLECTED", "REPORT_READY", "BILL_RECEIPT", "APPOINTMENT_REMINDER", "APPOINTMENT_CONFIRMED", "APPOINTMENT_CANCELLED", "OTP"];

/**
 * Messages spread evenly over the last `days` days: 60% SMS, 15% WhatsApp, 25% email; 85% delivered,
 * 5% still sent, 4% undelivered, 2% failed, 3% skipped, 1% cancelled, with provider error codes, skip
 * reasons, prices in USD (SMS) and SAR (WhatsApp), segments, and sent/delivered latencies from
 * sub-second to minutes. Random but repeatable (setseed), in chunks so progress shows.
 */
export async function seedStatsMessages({ db, labId, accounts, messages, days, chunk = 100_000 }: TSeedOptions): Promise<void> {
  const sql = sqlOf(db);
  const spanMs = days * 86_400_000;
  const start = Date.now() - spanMs;
  await sql.$executeRaw`SELECT setseed(0.42)`;
  for (let from = 0; from < messages; from += chunk) {
    const to = Math.min(messages, from + chunk) - 1;
    await sql.$executeRaw`
      INSERT INTO "Message" (id, "labId", "triggerKey", channel, category, status, "skipReason", "to", "businessAccountId", provider, "providerMessageId",
        attempts, segments, cost, currency, "errorCode", "sentAt", "deliveredAt", "createdAt", "updatedAt", "redactedAt")
      SELECT 'bench-' || g, ${labId}, (${TRIGGERS}::text[])[1 + floor(r.t * 9)::int], r.channel::"Channel", 'results', r.status::"MessageStatus",
        CASE WHEN r.status = 'SKIPPED' THEN (ARRAY['consent_withdrawn', 'no_address', 'preference_opt_out', 'missing_variable:patientName'])[1 + floor(r.x * 4)::int] END,
        CASE WHEN r.channel = 'EMAIL' THEN 'p' || g || '@example.test' ELSE '+9665' || lpad((g % 100000000)::text, 8, '0') END,
        CASE WHEN r.handed THEN CASE r.channel WHEN 'SMS' THEN ${accounts.sms} WHEN 'WHATSAPP' THEN ${accounts.whatsapp} ELSE ${accounts.email} END END,
        CASE WHEN r.handed THEN CASE WHEN r.channel = 'EMAIL' THEN 'resend' ELSE 'twilio' END END,
        CASE WHEN r.handed AND r.status <> 'FAILED' THEN 'PM' || g END,
        1, CASE WHEN r.channel = 'SMS' THEN 1 + floor(r.x * 3)::int END,
        CASE WHEN r.handed AND r.channel = 'SMS' THEN 0.0075 WHEN r.handed AND r.channel = 'WHATSAPP' THEN 0.19 END,
        CASE WHEN r.handed AND r.channel = 'SMS' THEN 'USD' WHEN r.handed AND r.channel = 'WHATSAPP' THEN 'SAR' END,
        CASE WHEN r.status = 'UNDELIVERED' THEN (ARRAY['30003', '30005', '30006', '30007'])[1 + floor(r.x * 4)::int]
             WHEN r.status = 'FAILED' THEN (ARRAY['invalid_number', 'unsubscribed', 'rate_limited'])[1 + floor(r.x * 3)::int] END,
        CASE WHEN r.handed AND r.status <> 'FAILED' THEN r.created + make_interval(secs => 0.2 + r.x * r.x * 30) END,
        CASE WHEN r.status = 'DELIVERED' THEN r.created + make_interval(secs => 1 + r.y * r.y * 240) END,
        r.created, r.created, CASE WHEN r.created < now() - interval '60 days' THEN r.created + interval '60 days' END
      FROM generate_series(${from}::int, ${to}::int) g
      CROSS JOIN LATERAL (
        SELECT s.*, s.status IN ('SENT', 'DELIVERED', 'UNDELIVERED', 'FAILED') AS handed FROM (
          SELECT (to_timestamp(${start / 1000} + (g::float8 / ${messages}) * ${spanMs / 1000}) AT TIME ZONE 'UTC')::timestamp(3) AS created,
            CASE WHEN c < 0.60 THEN 'SMS' WHEN c < 0.75 THEN 'WHATSAPP' ELSE 'EMAIL' END AS channel,
            CASE WHEN s < 0.85 THEN 'DELIVERED' WHEN s < 0.90 THEN 'SENT' WHEN s < 0.94 THEN 'UNDELIVERED' WHEN s < 0.96 THEN 'FAILED'
                 WHEN s < 0.99 THEN 'SKIPPED' ELSE 'CANCELLED' END AS status,
            t, x, y
          FROM (SELECT random() + g * 0 AS c, random() AS s, random() AS t, random() AS x, random() AS y) v
        ) s
      ) r`;
    process.stderr.write(`seeded ${to + 1} messages\n`);
  }
}
