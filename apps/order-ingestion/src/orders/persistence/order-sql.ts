/** Statements of the order writer (OrdersRepository); one per table and change. */
import { enqueueRowsSql, jobCompleteSql, jobHeldSql } from '@retail/platform-jobs';
import { outboxInsertSql } from '@retail/platform-messaging';

export const UPDATE_ORDER = `UPDATE orders SET
    status = $2,
    step = COALESCE($3, step),
    status_reason = CASE WHEN $4::boolean THEN $5 ELSE status_reason END,
    customer_id = COALESCE($6, customer_id),
    "order" = COALESCE($7::jsonb, "order"),
    erp_state = COALESCE($8, erp_state),
    erp_sales_order_id = COALESCE($9, erp_sales_order_id),
    hold_released = COALESCE($10, hold_released),
    last_cause = COALESCE($11, last_cause),
    updated_at = now()
  WHERE id = $1`;

// SKU resolutions, reservation answers and releases, each line once, in one statement.
export const UPDATE_LINES = `UPDATE order_lines l SET
    sku = COALESCE(r.sku, l.sku),
    reservation_id = CASE WHEN r.reserved THEN r.reservation_id ELSE l.reservation_id END,
    reservation_status = COALESCE(r.reservation_status, l.reservation_status)
  FROM jsonb_to_recordset($2::jsonb)
    AS r(line_id text, sku text, reserved boolean, reservation_id text, reservation_status text)
  WHERE l.order_id = $1 AND l.line_id = r.line_id`;

// Unique per (order, type, location): a re-run is a no-op.
export const INSERT_INSTRUCTIONS = `INSERT INTO fulfillment_instructions (id, order_id, type, location_id)
  SELECT r.id, $1, r.type, r.location_id
    FROM jsonb_to_recordset($2::jsonb) AS r(id uuid, type text, location_id text)
  ON CONFLICT ON CONSTRAINT fulfillment_instructions_group_uq DO NOTHING`;

export const LINK_INSTRUCTIONS = `UPDATE order_lines l SET fulfillment_id = f.id
  FROM jsonb_to_recordset($2::jsonb) AS r(line_id text, type text, location_id text),
       fulfillment_instructions f
  WHERE l.order_id = $1 AND l.line_id = r.line_id AND f.order_id = $1 AND f.type = r.type
    AND f.location_id IS NOT DISTINCT FROM r.location_id`;

export const INSERT_TIMELINE = `INSERT INTO order_timeline
    (order_id, from_status, to_status, step, cause_event_id, reason, transformations)
  SELECT $1, e.v->>'from_status', e.v->>'to_status', e.v->>'step', $2, e.v->>'reason',
         COALESCE(e.v->'transformations', '[]'::jsonb)
    FROM jsonb_array_elements($3::jsonb) WITH ORDINALITY AS e(v, n)
   ORDER BY e.n`;

export const UPDATE_SHIPPED = `UPDATE order_lines l SET shipped_quantity = r.shipped
  FROM jsonb_to_recordset($2::jsonb) AS r(line_id text, shipped int)
  WHERE l.order_id = $1 AND l.line_id = r.line_id`;

export const UPDATE_INSTRUCTION_STATUS = `UPDATE fulfillment_instructions f SET status = $3
  WHERE f.order_id = $1 AND (f.id::text = $4 OR f.id IN (
    SELECT fulfillment_id FROM order_lines WHERE order_id = $1 AND line_id = ANY($2::text[])))`;

// UPDATE_ORDER, but a new canonical order keeps the stored payment, payments and fraud (they are
// the payment-status module's: a run computed from an older read must not write them back).
const UPDATE_ORDER_KEEPING_PAYMENT = UPDATE_ORDER.replace(
  `"order" = COALESCE($7::jsonb, "order")`,
  `"order" = CASE WHEN $7::jsonb IS NULL THEN "order" ELSE $7::jsonb || jsonb_strip_nulls(
      jsonb_build_object('payment', "order"->'payment', 'payments', "order"->'payments',
                         'fraud', "order"->'fraud')) END`,
);

if (UPDATE_ORDER_KEEPING_PAYMENT === UPDATE_ORDER)
  throw new Error('UPDATE_ORDER changed: UPDATE_ORDER_KEEPING_PAYMENT must keep payment and fraud');

// A whole change of one order and the settlement of the job that made it, in ONE statement (no
// BEGIN/COMMIT, no separate lock or per-table round trips): the order row, its lines (SKUs,
// reservations, instruction links), new fulfilment instructions, timeline, events, a job handed
// on (e.g. the ERP's) and the job completed. Written only while the job's lease is $14's
// ($12-$15: queue, key, owner, seq) and the order is still in the status and step ($16, $17)
// the change was computed from; otherwise nothing is written and the caller takes the locking
// path. $1-$11 as UPDATE_ORDER; $18 cause; $19 timeline; $20 outbox rows; $21 instructions;
// $22 lines; $23-$25 queue, drafts and traceparent of the job handed on. No NOTIFY (see the
// intake's ACCEPT): the caller signals the relay and the workers after it (CommitSignals).
// Locks: the order row first (CTE ol, evaluated before the job's lock of j), then the job's, as
// every transaction writing an order and its jobs does (OrdersRepository.lockHeld); the other
// order would deadlock with a cancel that locks the order and then enqueues the order's job.
// Lines are updated once (a row may be changed by one clause of a statement only): SKU,
// reservation and instruction link together; the link finds the instruction this statement
// inserted or the one that was there (unique per order, type and location).
export const APPLY_IF_UNCHANGED = `WITH ol AS (
    SELECT 1 FROM orders WHERE id = $1 FOR UPDATE
  ), j AS (
    ${jobHeldSql('$12', '$13', '$14', 'EXISTS (SELECT 1 FROM ol)')}
  ), o AS (
    ${UPDATE_ORDER_KEEPING_PAYMENT} AND status = $16 AND step = $17 AND EXISTS (SELECT 1 FROM j)
    RETURNING id
  ), ins AS (
    INSERT INTO fulfillment_instructions (id, order_id, type, location_id)
    SELECT r.id, o.id, r.type, r.location_id
      FROM o, jsonb_to_recordset($21::jsonb) AS r(id uuid, type text, location_id text)
    ON CONFLICT ON CONSTRAINT fulfillment_instructions_group_uq DO NOTHING
    RETURNING id, type, location_id
  ), f AS (
    SELECT id, type, location_id FROM ins
    UNION ALL
    SELECT id, type, location_id FROM fulfillment_instructions WHERE order_id = $1
  ), l AS (
    UPDATE order_lines l SET
      sku = COALESCE(r.sku, l.sku),
      reservation_id = CASE WHEN r.reserved THEN r.reservation_id ELSE l.reservation_id END,
      reservation_status = COALESCE(r.reservation_status, l.reservation_status),
      fulfillment_id = CASE WHEN r.type IS NULL THEN l.fulfillment_id ELSE COALESCE(
        (SELECT f.id FROM f WHERE f.type = r.type
            AND f.location_id IS NOT DISTINCT FROM r.location_id LIMIT 1),
        l.fulfillment_id) END
    FROM o, jsonb_to_recordset($22::jsonb) AS r(line_id text, sku text, reserved boolean,
         reservation_id text, reservation_status text, type text, location_id text)
    WHERE l.order_id = o.id AND l.line_id = r.line_id
  ), t AS (
    INSERT INTO order_timeline
      (order_id, from_status, to_status, step, cause_event_id, reason, transformations)
    SELECT o.id, e.v->>'from_status', e.v->>'to_status', e.v->>'step', $18, e.v->>'reason',
           COALESCE(e.v->'transformations', '[]'::jsonb)
      FROM o, jsonb_array_elements($19::jsonb) WITH ORDINALITY AS e(v, n)
     ORDER BY e.n
  ), e AS (
    ${outboxInsertSql('$20')} WHERE EXISTS (SELECT 1 FROM o)
  ), q AS (
    ${enqueueRowsSql('$23::text', '$24', '$25', ', o')}
  ), d AS (
    ${jobCompleteSql('$12', '$13', '$14', '$15')} AND EXISTS (SELECT 1 FROM o) RETURNING 1
  ) SELECT (SELECT count(*) FROM o)::int AS applied, (SELECT count(*) FROM d)::int AS completed`;

export const SKU_EXCEPTIONS = `SELECT id::text AS id FROM orders
  WHERE status = 'exception' AND step = 'skus'`;

// Personal fields of an order (CustomerRef and Address, libs/contracts/src/orders/v1): removed
// on erasure. Kept: ids, amounts, lines, and an address's region and country (tax, analytics).
const ERASED_ADDRESS_FIELDS = `'{name,company,line1,line2,city,postalCode,phone,email}'::text[]`;
const eraseAddress = (o: string, field: string) =>
  `CASE WHEN jsonb_typeof(${o}->'${field}') = 'object' THEN jsonb_set(${o}, '{${field}}', (${o}->'${field}') - ${ERASED_ADDRESS_FIELDS}) ELSE ${o} END`;

/** Every order of customer $1: personal fields out of the order, the raw payloads replaced. */
export const ERASE_CUSTOMER = `WITH o AS (
    UPDATE orders SET "order" = ${eraseAddress(
      eraseAddress(
        `jsonb_set("order", '{customer}', ("order"->'customer') - '{email,phone,name,channelCustomerId}'::text[])`,
        'shippingAddress',
      ),
      'billingAddress',
    )}, updated_at = now()
     WHERE customer_id = $1 RETURNING id
  ), p AS (
    UPDATE order_payloads SET payload = '{"erased":true}', headers = '{}'::jsonb,
           content_type = 'application/json'
     WHERE order_id IN (SELECT id FROM o) RETURNING order_id
  ) SELECT (SELECT count(*) FROM o)::int AS orders, (SELECT count(*) FROM p)::int AS payloads`;

// A return event (ADR 0040): the furthest status wins, lines are kept once known, the first
// receipt time is kept. Nothing is written for an order this service does not hold.
export const UPSERT_ORDER_RETURN = `INSERT INTO order_returns
    (order_id, return_id, status, rank, lines, received_at)
  SELECT o.id, $2, $3, $4, $5::jsonb, $6::timestamptz FROM orders o WHERE o.id = $1
  ON CONFLICT (order_id, return_id) DO UPDATE SET
    status = CASE WHEN EXCLUDED.rank > order_returns.rank
                  THEN EXCLUDED.status ELSE order_returns.status END,
    rank = GREATEST(EXCLUDED.rank, order_returns.rank),
    lines = CASE WHEN EXCLUDED.lines = '[]'::jsonb
                 THEN order_returns.lines ELSE EXCLUDED.lines END,
    received_at = COALESCE(order_returns.received_at, EXCLUDED.received_at),
    updated_at = now()
  RETURNING order_id`;
