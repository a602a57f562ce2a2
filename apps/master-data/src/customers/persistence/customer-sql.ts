export const FIND_BY_IDENTITY = `SELECT customer_id AS id FROM customer_identity
  WHERE channel = $1 AND channel_customer_id = $2`;
export const FIND_BY_EMAIL = `SELECT id FROM customer WHERE email_key = $1 AND NOT erased`;
export const FIND_BY_PHONE = `SELECT id FROM customer WHERE phone_key = $1 AND NOT erased`;

/** The same probes confined to customers one channel already knows (a channel key's match). */
const IN_CHANNEL = `AND EXISTS (SELECT 1 FROM customer_identity i
  WHERE i.customer_id = customer.id AND i.channel = $2)`;
export const FIND_BY_EMAIL_IN_CHANNEL = `${FIND_BY_EMAIL} ${IN_CHANNEL}`;
export const FIND_BY_PHONE_IN_CHANNEL = `${FIND_BY_PHONE} ${IN_CHANNEL}`;

/** Whether another customer holds a match key (a confined match must not take it). */
export const KEY_HELD = `SELECT
  EXISTS (SELECT 1 FROM customer WHERE email_key = $1) AS email,
  EXISTS (SELECT 1 FROM customer WHERE phone_key = $2) AS phone`;

export const INSERT_CUSTOMER = `INSERT INTO customer (id, email, email_key, phone, phone_key,
  name, version) VALUES ($1, $2, $3, $4, $5, $6, 1)`;

export const LINK_IDENTITY = `INSERT INTO customer_identity (channel, channel_customer_id,
  customer_id) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING RETURNING customer_id`;

/**
 * Fills personal fields the customer does not have yet; never overwrites one, and never takes a
 * match key another customer already holds.
 */
export const ENRICH = `UPDATE customer c SET
    email = CASE WHEN c.email_key IS NULL AND $2::varchar IS NOT NULL
      AND NOT EXISTS (SELECT 1 FROM customer o WHERE o.email_key = $3) THEN $2 ELSE c.email END,
    email_key = CASE WHEN c.email_key IS NULL AND $3::varchar IS NOT NULL
      AND NOT EXISTS (SELECT 1 FROM customer o WHERE o.email_key = $3) THEN $3 ELSE c.email_key END,
    phone = CASE WHEN c.phone_key IS NULL AND $5::varchar IS NOT NULL
      AND NOT EXISTS (SELECT 1 FROM customer o WHERE o.phone_key = $5) THEN $4 ELSE c.phone END,
    phone_key = CASE WHEN c.phone_key IS NULL AND $5::varchar IS NOT NULL
      AND NOT EXISTS (SELECT 1 FROM customer o WHERE o.phone_key = $5) THEN $5 ELSE c.phone_key END,
    name = COALESCE(c.name, $6)
  WHERE c.id = $1 AND NOT c.erased
    AND ((c.email_key IS NULL AND $3::varchar IS NOT NULL)
      OR (c.phone_key IS NULL AND $5::varchar IS NOT NULL)
      OR (c.name IS NULL AND $6::varchar IS NOT NULL))
  RETURNING id`;

export const BUMP_VERSION = `UPDATE customer SET version = version + 1, updated_at = now()
  WHERE id = $1 RETURNING version`;

export const IDENTITIES_OF = `SELECT channel, channel_customer_id AS "channelCustomerId"
  FROM customer_identity WHERE customer_id = $1 ORDER BY channel, channel_customer_id`;

export const ERASE = `UPDATE customer SET email = NULL, email_key = NULL, phone = NULL,
    phone_key = NULL, name = NULL, erased = true, erased_at = now(), version = version + 1,
    updated_at = now()
  WHERE id = $1 AND NOT erased RETURNING version, erased_at`;

export const SELECT_CUSTOMER = `SELECT id, email, phone, name, erased, version FROM customer
  WHERE id = $1`;
