export const IDENTITIES_OF = `SELECT channel, channel_customer_id AS "channelCustomerId"
  FROM customer_identity WHERE customer_id = $1 ORDER BY channel, channel_customer_id`;

export const ERASE = `UPDATE customer SET email = NULL, email_key = NULL, phone = NULL,
    phone_key = NULL, name = NULL, erased = true, erased_at = now(), version = version + 1,
    updated_at = now()
  WHERE id = $1 AND NOT erased RETURNING version, erased_at`;

export const SELECT_CUSTOMER = `SELECT id, email, phone, name, erased, version FROM customer
  WHERE id = $1`;

export const ERASED_AT = `SELECT erased_at, created_at FROM customer WHERE id = $1 AND erased`;
