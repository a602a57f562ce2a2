/**
 * Set-based statements of customer matching: each takes whole arrays (or a jsonb recordset), so
 * one match and a batch of five hundred cost the same number of round trips.
 */

/**
 * Transaction-scoped advisory locks on every key, in one fixed order (by lock id), so two
 * matches sharing a key run one after the other and two batches can never deadlock.
 */
export const LOCK_KEYS = `SELECT pg_advisory_xact_lock(h)
  FROM (SELECT DISTINCT hashtext(k) AS h FROM unnest($1::text[]) AS k ORDER BY h) AS keys`;

/** The answers kept for orders matched before (one per channel and order). */
export const KEPT_ANSWERS = `SELECT m.channel, m.order_id AS "orderId", m.customer_id AS "customerId",
    m.matched_by AS "matchedBy", m.created
  FROM customer_match m
  JOIN unnest($1::text[], $2::text[]) AS k(channel, order_id)
    ON m.channel = k.channel AND m.order_id = k.order_id`;

export const KEEP_ANSWERS = `INSERT INTO customer_match (channel, order_id, customer_id,
    matched_by, created)
  SELECT r.channel, r.order_id, r.customer_id, r.matched_by, r.created
  FROM jsonb_to_recordset($1::jsonb)
    AS r(channel text, order_id text, customer_id text, matched_by text, created boolean)
  ON CONFLICT DO NOTHING`;

/**
 * Every customer holding one of the channel ids (pairs $1/$2), e-mail keys ($3) or phone keys
 * ($4), with all its channel identities: what the matching rules decide on.
 */
export const KNOWN_CUSTOMERS = `WITH hit AS (
    SELECT i.customer_id AS id FROM customer_identity i
      JOIN unnest($1::text[], $2::text[]) AS k(channel, cid)
        ON i.channel = k.channel AND i.channel_customer_id = k.cid
    UNION SELECT id FROM customer WHERE email_key = ANY($3::text[])
    UNION SELECT id FROM customer WHERE phone_key = ANY($4::text[])
  )
  SELECT c.id, c.email_key AS "emailKey", c.phone_key AS "phoneKey",
    c.name IS NOT NULL AS named, c.erased,
    COALESCE((SELECT json_agg(json_build_object('channel', i.channel,
        'channelCustomerId', i.channel_customer_id))
      FROM customer_identity i WHERE i.customer_id = c.id), '[]'::json) AS identities
  FROM customer c JOIN hit USING (id)`;

/** Row locks on the existing customers a match changes, in id order (no deadlock). */
export const LOCK_CUSTOMERS = `SELECT id FROM customer WHERE id = ANY($1::text[])
  ORDER BY id FOR UPDATE`;

const FIELDS = `r(id text, email text, email_key text, phone text, phone_key text, name text)`;

export const INSERT_CUSTOMERS = `INSERT INTO customer (id, email, email_key, phone, phone_key,
    name, version)
  SELECT r.id, r.email, r.email_key, r.phone, r.phone_key, r.name, 1
  FROM jsonb_to_recordset($1::jsonb) AS ${FIELDS}`;

export const LINK_IDENTITIES = `INSERT INTO customer_identity (channel, channel_customer_id,
    customer_id)
  SELECT r.channel, r.channel_customer_id, r.customer_id
  FROM jsonb_to_recordset($1::jsonb) AS r(channel text, channel_customer_id text, customer_id text)
  ON CONFLICT DO NOTHING`;

/**
 * Fills the personal fields the rules decided (a null leaves the field as it is; a field the
 * customer has meanwhile is never overwritten) and bumps the version of each changed customer.
 */
export const FILL_CUSTOMERS = `UPDATE customer c SET
    email = CASE WHEN c.email_key IS NULL AND r.email_key IS NOT NULL THEN r.email ELSE c.email END,
    email_key = COALESCE(c.email_key, r.email_key),
    phone = CASE WHEN c.phone_key IS NULL AND r.phone_key IS NOT NULL THEN r.phone ELSE c.phone END,
    phone_key = COALESCE(c.phone_key, r.phone_key),
    name = COALESCE(c.name, r.name),
    version = c.version + 1,
    updated_at = now()
  FROM jsonb_to_recordset($1::jsonb) AS ${FIELDS}
  WHERE c.id = r.id AND NOT c.erased
  RETURNING c.id, c.version`;

/** The channel identities of each customer, for the events. */
export const IDENTITIES_OF_ALL = `SELECT customer_id AS id, json_agg(json_build_object(
    'channel', channel, 'channelCustomerId', channel_customer_id)
    ORDER BY channel, channel_customer_id) AS identities
  FROM customer_identity WHERE customer_id = ANY($1::text[]) GROUP BY customer_id`;

/** Answers older than $1 hours, at most $2 a statement, by primary key (the retention janitor's). */
export const PURGE_ANSWERS = `DELETE FROM customer_match WHERE (channel, order_id) IN (
  SELECT channel, order_id FROM customer_match
   WHERE created_at < now() - make_interval(hours => $1) LIMIT $2)`;
