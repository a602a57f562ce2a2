/**
 * Takes the holds of a whole batch of reservations, of one SKU or many, in ONE statement (the
 * hot path holds the SKUs' row locks, so every round trip saved is throughput on a hot SKU).
 * Per hold: $1 SKUs, $2 reservation ids, $3 channels, $4 locations, $5 quantities; $6 the
 * batch's SKUs (each marked for the availability view); per reservation: $7 ids, $8 outcomes.
 * The positions update is conditional (never more reserved than on-hand); the statement
 * returns how many positions took their holds, and the caller rolls back unless all did.
 */
export const HOLD_SQL = `
WITH v AS (
  SELECT * FROM unnest($1::varchar[], $2::uuid[], $3::varchar[], $4::varchar[], $5::int[])
    AS v(s, r, ch, l, q)),
per_location AS (SELECT s, l, sum(q)::int AS q FROM v GROUP BY s, l),
held AS (
  UPDATE positions p SET reserved = p.reserved + pl.q, updated_at = now()
    FROM per_location pl
   WHERE p.sku = pl.s AND p.location_id = pl.l AND p.on_hand - p.reserved >= pl.q
  RETURNING p.sku, p.location_id, p.on_hand),
per_channel AS (
  INSERT INTO channel_reserved (sku, location_id, channel, reserved)
  SELECT s, l, ch, sum(q)::int FROM v GROUP BY s, l, ch ORDER BY s, l, ch
  ON CONFLICT (sku, location_id, channel)
  DO UPDATE SET reserved = channel_reserved.reserved + EXCLUDED.reserved),
allocations AS (
  INSERT INTO reservation_allocations (reservation_id, location_id, quantity, open)
  SELECT r, l, q, q FROM v),
journal AS (
  INSERT INTO movements (source, event_id, source_sequence, type, sku, location_id, quantity,
                         status, reserved_delta, on_hand_after, reservation_id, occurred_at)
  SELECT 'reservations', v.r || ':reserve:' || v.l, 0, 'reserve', v.s, v.l, v.q,
         'applied', v.q, held.on_hand, v.r, now()
    FROM v JOIN held ON held.sku = v.s AND held.location_id = v.l),
dirty AS (
  INSERT INTO availability_dirty (sku) SELECT unnest($6::varchar[])),
outcome AS (
  UPDATE reservations r SET outcome = o.outcome
    FROM unnest($7::uuid[], $8::varchar[]) AS o(id, outcome) WHERE r.id = o.id)
SELECT (SELECT count(*) FROM held)::int AS held, (SELECT count(*) FROM per_location)::int AS wanted`;
