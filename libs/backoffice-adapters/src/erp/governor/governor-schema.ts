import type { Pool } from 'pg';

/**
 * The governor's own schema (default `erp_governor`), shared by every service that calls the
 * ERP and written only by this module. It is versioned here, not in any service's migrations:
 * whichever service starts first creates it, under an advisory lock so concurrent starts wait.
 * Migrations are append-only, like the services' own.
 */
interface GovernorMigration {
  version: number;
  name: string;
  up: (s: string) => string[];
  down: (s: string) => string[];
}

export const GOVERNOR_MIGRATIONS: GovernorMigration[] = [
  {
    version: 1,
    name: 'AccountPermitDemand',
    up: (s) => [
      // One row per ERP account: its ceiling, adaptive limit, token bucket and latency averages.
      `CREATE TABLE ${s}.account (
        account_key text PRIMARY KEY,
        ceiling int NOT NULL CHECK (ceiling >= 1),
        max_rps double precision NOT NULL CHECK (max_rps > 0),
        limit_value double precision NOT NULL CHECK (limit_value >= 1),
        tokens double precision NOT NULL DEFAULT 1,
        refilled_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        decreased_at timestamptz,
        latency_short_ms double precision,
        latency_long_ms double precision,
        throttled_total bigint NOT NULL DEFAULT 0,
        updated_at timestamptz NOT NULL DEFAULT clock_timestamp())`,
      // One row per call in flight; a crashed holder's row lapses at expires_at.
      `CREATE TABLE ${s}.permit (
        id uuid PRIMARY KEY,
        account_key text NOT NULL REFERENCES ${s}.account ON DELETE CASCADE,
        holder text NOT NULL,
        priority smallint NOT NULL,
        in_flight_at_grant int NOT NULL,
        granted_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        expires_at timestamptz NOT NULL)`,
      `CREATE INDEX permit_account_idx ON ${s}.permit (account_key, expires_at)`,
      // Calls waiting, per process and priority, refreshed by the waiting process (seen_at).
      `CREATE TABLE ${s}.demand (
        account_key text NOT NULL REFERENCES ${s}.account ON DELETE CASCADE,
        holder text NOT NULL,
        priority smallint NOT NULL,
        waiting int NOT NULL CHECK (waiting > 0),
        oldest_at timestamptz NOT NULL,
        seen_at timestamptz NOT NULL,
        PRIMARY KEY (account_key, holder, priority))`,
      grantFunction(s),
      releaseFunction(s),
    ],
    down: (s) => [
      `DROP FUNCTION ${s}.release_permit`,
      `DROP FUNCTION ${s}.grant_permits`,
      `DROP TABLE ${s}.demand`,
      `DROP TABLE ${s}.permit`,
      `DROP TABLE ${s}.account`,
    ],
  },
  {
    // A latency rise backs off one step and becomes the new baseline: an ERP that simply got
    // slower (same latency whatever our concurrency) is no longer read as overloaded every
    // cooldown until the long average catches up; a further doubling backs off again.
    version: 2,
    name: 'LatencyStepRebaselines',
    up: (s) => [releaseFunction(s, { rebaseline: true })],
    down: (s) => [releaseFunction(s, { rebaseline: false })],
  },
  {
    // A freed permit goes straight to the next call waiting in the same process, decided in the
    // release's own round trip (ADR 0038): no second round trip for a grant, no NOTIFY.
    version: 3,
    name: 'DirectedHandoff',
    up: (s) => [handoffFunction(s)],
    down: (s) => [`DROP FUNCTION ${s}.handoff_permit`],
  },
];

const IDENTIFIER = /^[a-z_][a-z0-9_]{0,62}$/;

export function assertSchemaName(schema: string): string {
  if (!IDENTIFIER.test(schema)) throw new RangeError(`invalid governor schema name "${schema}"`);
  return schema;
}

/** Creates or upgrades the schema; safe to call from many processes at once. */
export async function ensureGovernorSchema(pool: Pool, schema: string): Promise<void> {
  const s = assertSchemaName(schema);
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`erp_governor:${s}`]);
    await client.query(`CREATE SCHEMA IF NOT EXISTS ${s}`);
    await client.query(
      `CREATE TABLE IF NOT EXISTS ${s}.schema_version (
         version int PRIMARY KEY, name text NOT NULL,
         applied_at timestamptz NOT NULL DEFAULT clock_timestamp())`,
    );
    const { rows } = await client.query<{ version: number }>(
      `SELECT version FROM ${s}.schema_version`,
    );
    const applied = new Set(rows.map((r) => r.version));
    for (const migration of GOVERNOR_MIGRATIONS.filter((m) => !applied.has(m.version))) {
      for (const statement of migration.up(s)) await client.query(statement);
      await client.query(`INSERT INTO ${s}.schema_version (version, name) VALUES ($1, $2)`, [
        migration.version,
        migration.name,
      ]);
    }
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

/**
 * One admission decision under the account row's lock, in one round trip: the lock is held for
 * microseconds of server time, never across client round trips (a busy client would otherwise
 * stall every other service's grants). Strict priority across processes: a class gets slots only
 * after the better-ranked calls waiting anywhere (and, within a class, older ones elsewhere)
 * could have had theirs. Ranks arrive sorted, best first.
 */
function grantFunction(s: string): string {
  return `CREATE FUNCTION ${s}.grant_permits(
      p_account text, p_holder text, p_ranks int[], p_waiting int[], p_oldest_ms float8[],
      p_ceiling int, p_lease_ms float8, p_stale_ms float8, p_bucket float8)
    RETURNS TABLE (permit_ids uuid[], ranks int[], at_grant int[], eff_limit int,
      eff_ceiling int, in_flight int, token_wait_ms float8, throttled_total bigint)
    LANGUAGE plpgsql AS $fn$
    DECLARE
      acc ${s}.account%ROWTYPE;
      now_ts timestamptz := clock_timestamp();
      held int; lim int; cap int; toks float8; total int := 0; mine_ahead int := 0;
      wanted int := 0; ahead int; room int; n int; i int; k int;
      ids uuid[] := '{}'; granted_ranks int[] := '{}'; granted_at int[] := '{}';
      still_waiting int[] := '{}';
    BEGIN
      SELECT * INTO acc FROM ${s}.account WHERE account_key = p_account FOR UPDATE;
      IF NOT FOUND THEN
        RAISE EXCEPTION 'ERP governor: account % is not registered', p_account;
      END IF;
      DELETE FROM ${s}.permit WHERE account_key = p_account AND expires_at < now_ts;
      DELETE FROM ${s}.demand WHERE account_key = p_account
        AND seen_at < now_ts - make_interval(secs => p_stale_ms / 1000.0);
      SELECT count(*) INTO held FROM ${s}.permit WHERE account_key = p_account;
      cap := LEAST(acc.ceiling, p_ceiling);
      lim := GREATEST(1, LEAST(floor(acc.limit_value)::int, cap));
      toks := LEAST(p_bucket,
        acc.tokens + extract(epoch FROM now_ts - acc.refilled_at) * acc.max_rps);
      FOR i IN 1 .. coalesce(array_length(p_ranks, 1), 0) LOOP
        wanted := wanted + p_waiting[i];
        SELECT coalesce(sum(d.waiting), 0) INTO ahead FROM ${s}.demand d
         WHERE d.account_key = p_account AND d.holder <> p_holder
           AND (d.priority < p_ranks[i] OR (d.priority = p_ranks[i]
                AND extract(epoch FROM d.oldest_at) * 1000 < p_oldest_ms[i]));
        room := LEAST(lim - held - total - ahead - mine_ahead, floor(toks)::int - total);
        n := GREATEST(0, LEAST(p_waiting[i], room));
        FOR k IN 1 .. n LOOP
          ids := ids || gen_random_uuid();
          granted_ranks := granted_ranks || p_ranks[i];
          granted_at := granted_at || (held + total + k);
        END LOOP;
        total := total + n;
        mine_ahead := mine_ahead + p_waiting[i] - n;
        IF p_waiting[i] > n THEN
          still_waiting := still_waiting || p_ranks[i];
          INSERT INTO ${s}.demand (account_key, holder, priority, waiting, oldest_at, seen_at)
          VALUES (p_account, p_holder, p_ranks[i], p_waiting[i] - n,
                  to_timestamp(p_oldest_ms[i] / 1000), now_ts)
          ON CONFLICT (account_key, holder, priority) DO UPDATE SET
            waiting = EXCLUDED.waiting, oldest_at = EXCLUDED.oldest_at, seen_at = now_ts;
        END IF;
      END LOOP;
      DELETE FROM ${s}.demand WHERE account_key = p_account AND holder = p_holder
        AND NOT (priority = ANY(still_waiting));
      INSERT INTO ${s}.permit (id, account_key, holder, priority, in_flight_at_grant, expires_at)
      SELECT u.id, p_account, p_holder, u.rank, u.at, now_ts + make_interval(secs => p_lease_ms / 1000.0)
        FROM unnest(ids, granted_ranks, granted_at) AS u(id, rank, at);
      toks := toks - total;
      UPDATE ${s}.account SET tokens = toks, refilled_at = now_ts WHERE account_key = p_account;
      RETURN QUERY SELECT ids, granted_ranks, granted_at, lim, cap, held + total,
        CASE WHEN total < wanted AND toks < 1 THEN ceil((1 - toks) / acc.max_rps * 1000) END,
        acc.throttled_total;
    END $fn$`;
}

/**
 * Frees a permit and moves the account's adaptive limit (AIMD) by the call's outcome:
 * - throttled (429): the ERP refused with p_in_flight_at_grant calls out, so its limit is below
 *   that, for certain: drop there at once, and by the backoff ratio at most once per cooldown;
 * - overloaded (timeout), or latency far above its long average: x backoff, once per cooldown
 *   (with `rebaseline`, migration 2: the latency that triggered it becomes the long average, so
 *   one rise costs one step and only a further rise another);
 * - ok with the limit in use and no decrease within the probe hold: + 1/limit (one slot per
 *   window of successes), up to the ceiling.
 * Then wakes the waiting processes (NOTIFY).
 */
function releaseFunction(s: string, { rebaseline } = { rebaseline: false }): string {
  return `CREATE OR REPLACE FUNCTION ${s}.release_permit(${SAMPLE_PARAMS})
    RETURNS float8
    LANGUAGE plpgsql AS $fn$
    DECLARE
${adaptDeclareSql(s)}
    BEGIN
      SELECT * INTO acc FROM ${s}.account WHERE account_key = p_account FOR UPDATE;
      IF NOT FOUND THEN RETURN NULL; END IF;
      DELETE FROM ${s}.permit WHERE id = p_permit;
${adaptSql(rebaseline)}
${adaptUpdateSql(s)}
      PERFORM pg_notify(p_channel, p_account);
      RETURN lim;
    END $fn$`;
}

/**
 * Release and re-grant in one: records the finished call like release_permit (AIMD), then lets
 * the same permit (its row, so the count of permits never moves) carry the holder's next waiting
 * call of rank p_rank, under the same rules as grant_permits: the permits held stay within the
 * effective limit, a token is taken, and no other process waits with a better rank (or the same
 * rank, longer). Otherwise the permit is freed and the others are woken, exactly as
 * release_permit does. The holder's published demand at p_rank loses the call handed the permit.
 */
function handoffFunction(s: string): string {
  return `CREATE FUNCTION ${s}.handoff_permit(${SAMPLE_PARAMS},
      p_holder text, p_rank int, p_oldest_ms float8, p_ceiling int, p_lease_ms float8,
      p_stale_ms float8, p_bucket float8)
    RETURNS TABLE (handed boolean, at_grant int, eff_limit int, eff_ceiling int, in_flight int)
    LANGUAGE plpgsql AS $fn$
    DECLARE
${adaptDeclareSql(s)}
      held int; cap int; eff int; toks float8; ahead int; mine boolean; ok boolean;
    BEGIN
      SELECT * INTO acc FROM ${s}.account WHERE account_key = p_account FOR UPDATE;
      IF NOT FOUND THEN
        RETURN QUERY SELECT false, 0, 0, 0, 0;
        RETURN;
      END IF;
${adaptSql(true)}
      DELETE FROM ${s}.permit WHERE account_key = p_account AND expires_at < now_ts;
      SELECT count(*) INTO held FROM ${s}.permit WHERE account_key = p_account;
      mine := EXISTS (SELECT 1 FROM ${s}.permit WHERE id = p_permit AND holder = p_holder);
      cap := LEAST(acc.ceiling, p_ceiling);
      eff := GREATEST(1, LEAST(floor(lim)::int, cap));
      toks := LEAST(p_bucket,
        acc.tokens + extract(epoch FROM now_ts - acc.refilled_at) * acc.max_rps);
      SELECT coalesce(sum(d.waiting), 0) INTO ahead FROM ${s}.demand d
       WHERE d.account_key = p_account AND d.holder <> p_holder
         AND d.seen_at >= now_ts - make_interval(secs => p_stale_ms / 1000.0)
         AND (d.priority < p_rank OR (d.priority = p_rank
              AND extract(epoch FROM d.oldest_at) * 1000 < p_oldest_ms));
      ok := mine AND held <= eff AND toks >= 1 AND ahead = 0;
      IF ok THEN
        toks := toks - 1;
        UPDATE ${s}.permit SET priority = p_rank, in_flight_at_grant = held,
          granted_at = now_ts, expires_at = now_ts + make_interval(secs => p_lease_ms / 1000.0)
         WHERE id = p_permit;
        DELETE FROM ${s}.demand WHERE account_key = p_account AND holder = p_holder
          AND priority = p_rank AND waiting <= 1;
        UPDATE ${s}.demand SET waiting = waiting - 1 WHERE account_key = p_account
          AND holder = p_holder AND priority = p_rank;
      ELSE
        IF mine THEN held := held - 1; END IF;
        DELETE FROM ${s}.permit WHERE id = p_permit;
        PERFORM pg_notify(p_channel, p_account);
      END IF;
${adaptUpdateSql(s, ', tokens = toks, refilled_at = now_ts')}
      RETURN QUERY SELECT ok, held, eff, cap, held;
    END $fn$`;
}

/** The parameters of release_permit, first ones of handoff_permit: a finished call's sample. */
const SAMPLE_PARAMS = `
      p_account text, p_permit uuid, p_outcome text, p_latency_ms float8,
      p_in_flight_at_grant int, p_backoff float8, p_cooldown_ms float8,
      p_probe_hold_ms float8, p_tolerance float8, p_channel text`;

/** The variables of adaptSql. */
function adaptDeclareSql(s: string): string {
  return `      acc ${s}.account%ROWTYPE;
      now_ts timestamptz := clock_timestamp();
      cooled boolean; holding boolean;
      lim float8; dec timestamptz; short float8; long float8;`;
}

/** The AIMD step of release and hand-off (see releaseFunction): sets lim, dec, short, long. */
function adaptSql(rebaseline: boolean): string {
  return `      cooled := acc.decreased_at IS NULL
        OR now_ts - acc.decreased_at >= make_interval(secs => p_cooldown_ms / 1000.0);
      lim := acc.limit_value; dec := acc.decreased_at;
      short := acc.latency_short_ms; long := acc.latency_long_ms;
      IF p_outcome = 'throttled' THEN
        lim := LEAST(lim, p_in_flight_at_grant - 1);
        IF cooled THEN lim := LEAST(lim, acc.limit_value * p_backoff); END IF;
        dec := now_ts;
      ELSIF p_outcome = 'overloaded' THEN
        IF cooled THEN lim := lim * p_backoff; dec := now_ts; END IF;
      ELSIF p_outcome = 'ok' THEN
        short := coalesce(short + 0.3 * (p_latency_ms - short), p_latency_ms);
        long := coalesce(long + 0.02 * (p_latency_ms - long), p_latency_ms);
        holding := acc.decreased_at IS NOT NULL
          AND now_ts - acc.decreased_at < make_interval(secs => p_probe_hold_ms / 1000.0);
        IF cooled AND acc.latency_long_ms IS NOT NULL AND short > p_tolerance * long THEN
          lim := lim * p_backoff; dec := now_ts;${rebaseline ? ' long := short;' : ''}
        ELSIF NOT holding AND p_in_flight_at_grant >= floor(acc.limit_value) THEN
          lim := lim + 1.0 / floor(acc.limit_value);
        END IF;
      END IF;
      lim := LEAST(acc.ceiling, GREATEST(1, lim));`;
}

/** Stores what adaptSql computed (plus `extra`, e.g. the token bucket) on the account row. */
function adaptUpdateSql(s: string, extra = ''): string {
  return `      UPDATE ${s}.account SET limit_value = lim, decreased_at = dec,
        latency_short_ms = short, latency_long_ms = long, updated_at = now_ts,
        throttled_total = throttled_total + CASE WHEN p_outcome = 'throttled' THEN 1 ELSE 0 END${extra}
       WHERE account_key = p_account;`;
}
