-- One failure, one code: a provider code that a delivery callback reported, and that the adapter's
-- code table translates when the same code refuses a send (Twilio 63016, Meta 131047, Unifonic ER-02),
-- becomes Herald's reason, as new reports now store it. The table below is the adapters' (Twilio's
-- rules, Meta's codes, also passed on by Interakt and by Pinnacle's WhatsApp reports, Unifonic's ER
-- codes) as of this migration. Timeline events keep what was recorded then.
CREATE TEMPORARY TABLE failure_reason (provider text NOT NULL, channel "Channel", code text NOT NULL, reason text NOT NULL);
INSERT INTO failure_reason (provider, channel, code, reason) VALUES
  ('twilio', NULL, '20003', 'bad_credentials'),
  ('twilio', NULL, '20429', 'rate_limited'),
  ('twilio', NULL, '21211', 'invalid_number'),
  ('twilio', NULL, '21212', 'invalid_sender'),
  ('twilio', NULL, '21408', 'region_not_enabled'),
  ('twilio', NULL, '21603', 'invalid_sender'),
  ('twilio', NULL, '21606', 'invalid_sender'),
  ('twilio', NULL, '21608', 'trial_unverified_number'),
  ('twilio', NULL, '21610', 'unsubscribed'),
  ('twilio', NULL, '21612', 'unreachable'),
  ('twilio', NULL, '21614', 'not_mobile'),
  ('twilio', NULL, '21617', 'body_too_long'),
  ('twilio', NULL, '63007', 'invalid_sender'),
  ('twilio', NULL, '63016', 'template_required'),
  ('meta', NULL, '0', 'bad_credentials'),
  ('meta', NULL, '1', 'provider_unavailable'),
  ('meta', NULL, '2', 'provider_unavailable'),
  ('meta', NULL, '3', 'permission_denied'),
  ('meta', NULL, '4', 'rate_limited'),
  ('meta', NULL, '10', 'permission_denied'),
  ('meta', NULL, '100', 'rejected'),
  ('meta', NULL, '190', 'bad_credentials'),
  ('meta', NULL, '200', 'permission_denied'),
  ('meta', NULL, '80007', 'rate_limited'),
  ('meta', NULL, '130429', 'rate_limited'),
  ('meta', NULL, '131000', 'provider_unavailable'),
  ('meta', NULL, '131009', 'rejected'),
  ('meta', NULL, '131016', 'provider_unavailable'),
  ('meta', NULL, '131026', 'undeliverable'),
  ('meta', NULL, '131030', 'invalid_address'),
  ('meta', NULL, '131031', 'account_locked'),
  ('meta', NULL, '131042', 'payment_required'),
  ('meta', NULL, '131047', 'template_required'),
  ('meta', NULL, '131051', 'rejected'),
  ('meta', NULL, '131056', 'rate_limited'),
  ('meta', NULL, '132000', 'template_params_mismatch'),
  ('meta', NULL, '132001', 'template_not_found'),
  ('meta', NULL, '132015', 'template_paused'),
  ('meta', NULL, '132016', 'template_disabled'),
  ('meta', NULL, '132018', 'template_params_invalid'),
  ('interakt', NULL, '0', 'bad_credentials'),
  ('interakt', NULL, '1', 'provider_unavailable'),
  ('interakt', NULL, '2', 'provider_unavailable'),
  ('interakt', NULL, '3', 'permission_denied'),
  ('interakt', NULL, '4', 'rate_limited'),
  ('interakt', NULL, '10', 'permission_denied'),
  ('interakt', NULL, '100', 'rejected'),
  ('interakt', NULL, '190', 'bad_credentials'),
  ('interakt', NULL, '200', 'permission_denied'),
  ('interakt', NULL, '80007', 'rate_limited'),
  ('interakt', NULL, '130429', 'rate_limited'),
  ('interakt', NULL, '131000', 'provider_unavailable'),
  ('interakt', NULL, '131009', 'rejected'),
  ('interakt', NULL, '131016', 'provider_unavailable'),
  ('interakt', NULL, '131026', 'undeliverable'),
  ('interakt', NULL, '131030', 'invalid_address'),
  ('interakt', NULL, '131031', 'account_locked'),
  ('interakt', NULL, '131042', 'payment_required'),
  ('interakt', NULL, '131047', 'template_required'),
  ('interakt', NULL, '131051', 'rejected'),
  ('interakt', NULL, '131056', 'rate_limited'),
  ('interakt', NULL, '132000', 'template_params_mismatch'),
  ('interakt', NULL, '132001', 'template_not_found'),
  ('interakt', NULL, '132015', 'template_paused'),
  ('interakt', NULL, '132016', 'template_disabled'),
  ('interakt', NULL, '132018', 'template_params_invalid'),
  ('pinnacle', 'WHATSAPP', '0', 'bad_credentials'),
  ('pinnacle', 'WHATSAPP', '1', 'provider_unavailable'),
  ('pinnacle', 'WHATSAPP', '2', 'provider_unavailable'),
  ('pinnacle', 'WHATSAPP', '3', 'permission_denied'),
  ('pinnacle', 'WHATSAPP', '4', 'rate_limited'),
  ('pinnacle', 'WHATSAPP', '10', 'permission_denied'),
  ('pinnacle', 'WHATSAPP', '100', 'rejected'),
  ('pinnacle', 'WHATSAPP', '190', 'bad_credentials'),
  ('pinnacle', 'WHATSAPP', '200', 'permission_denied'),
  ('pinnacle', 'WHATSAPP', '80007', 'rate_limited'),
  ('pinnacle', 'WHATSAPP', '130429', 'rate_limited'),
  ('pinnacle', 'WHATSAPP', '131000', 'provider_unavailable'),
  ('pinnacle', 'WHATSAPP', '131009', 'rejected'),
  ('pinnacle', 'WHATSAPP', '131016', 'provider_unavailable'),
  ('pinnacle', 'WHATSAPP', '131026', 'undeliverable'),
  ('pinnacle', 'WHATSAPP', '131030', 'invalid_address'),
  ('pinnacle', 'WHATSAPP', '131031', 'account_locked'),
  ('pinnacle', 'WHATSAPP', '131042', 'payment_required'),
  ('pinnacle', 'WHATSAPP', '131047', 'template_required'),
  ('pinnacle', 'WHATSAPP', '131051', 'rejected'),
  ('pinnacle', 'WHATSAPP', '131056', 'rate_limited'),
  ('pinnacle', 'WHATSAPP', '132000', 'template_params_mismatch'),
  ('pinnacle', 'WHATSAPP', '132001', 'template_not_found'),
  ('pinnacle', 'WHATSAPP', '132015', 'template_paused'),
  ('pinnacle', 'WHATSAPP', '132016', 'template_disabled'),
  ('pinnacle', 'WHATSAPP', '132018', 'template_params_invalid'),
  ('unifonic', NULL, 'ER-01', 'insufficient_funds'),
  ('unifonic', NULL, 'ER-02', 'invalid_address'),
  ('unifonic', NULL, 'ER-03', 'invalid_address'),
  ('unifonic', NULL, 'ER-04', 'invalid_address'),
  ('unifonic', NULL, 'ER-08', 'invalid_sender');

UPDATE "Message" m SET "errorCode" = r.reason
FROM failure_reason r
WHERE m.provider = r.provider AND m."errorCode" = r.code AND (r.channel IS NULL OR m.channel = r.channel);

-- What each message last added to the figures: the rollup compares it with the message, so it must
-- name the same reason, or the next change to the message would take back a row that is gone.
UPDATE "MessageStatLedger" g SET reason = r.reason
FROM failure_reason r
WHERE g.provider = r.provider AND g.reason = r.code AND g.status IN ('FAILED', 'UNDELIVERED') AND (r.channel IS NULL OR g.channel = r.channel);

-- The counts move to the reason's row, adding to the one the same failure refused at once already has;
-- the hourly, daily and monthly tables differ only in their time column.
DO $$
DECLARE
  grain text;
  keys text;
BEGIN
  FOREACH grain IN ARRAY ARRAY['hour', 'day', 'month'] LOOP
    keys := format('"labId", %I, channel, "triggerKey", "businessAccountId", provider, status', grain);
    EXECUTE format($sql$
      WITH moved AS (
        DELETE FROM %1$I s USING failure_reason r
        WHERE s.provider = r.provider AND s.reason = r.code AND s.status IN ('FAILED', 'UNDELIVERED') AND (r.channel IS NULL OR s.channel = r.channel)
        RETURNING s.*, r.reason AS to_reason
      )
      INSERT INTO %1$I (%2$s, reason, currency, count, cost, segments)
      SELECT %2$s, to_reason, currency, sum(count)::int, sum(cost), sum(segments)::int
      FROM moved GROUP BY %2$s, to_reason, currency
      ON CONFLICT (%2$s, reason, currency)
      DO UPDATE SET count = %1$I.count + EXCLUDED.count, cost = %1$I.cost + EXCLUDED.cost, segments = %1$I.segments + EXCLUDED.segments
    $sql$, 'MessageStat' || initcap(grain), keys);
  END LOOP;
END $$;

DROP TABLE failure_reason;
