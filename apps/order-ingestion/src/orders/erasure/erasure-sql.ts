import { SUBJECTS } from '@retail/contracts';

/** The customer's orders: their ids and when the oldest was stored (where stream reads start). */
export const CUSTOMER_ORDERS = `SELECT id::text AS id, created_at AS "createdAt"
  FROM orders WHERE customer_id = $1 ORDER BY created_at`;

/**
 * `order.accepted` rows of the outbox (relayed or still waiting) about the customer's orders:
 * their canonical order becomes the order as erased in `orders`, so the table keeps no copy of
 * the person and a row relayed after this transaction carries none.
 */
export const SCRUB_ACCEPTED_IN_OUTBOX = `UPDATE outbox SET payload = jsonb_set(payload, '{data,order}', o."order")
  FROM orders o
  WHERE o.customer_id = $1 AND outbox.type = '${SUBJECTS.ORDER_ACCEPTED}'
    AND outbox.payload->>'subject' = o.id::text`;
