import type { Pool } from 'pg';
import { assertSchemaName } from './governor-schema';

/** Calls waiting in this process for one priority rank. */
export interface LocalDemand {
  rank: number;
  waiting: number;
  oldestAtMs: number;
}

export interface GrantedPermit {
  id: string;
  rank: number;
  /** Permits held on the account when this one was granted, itself included. */
  inFlightAtGrant: number;
}

export interface GrantOutcome {
  permits: GrantedPermit[];
  /** Effective limit right now (adaptive, capped by the ceiling). */
  limit: number;
  ceiling: number;
  /** Permits held on the account after this grant, every process included. */
  inFlight: number;
  /** When a token (rate) is what is missing: how long until the next one. */
  tokenWaitMs?: number;
  throttledTotal: number;
}

export interface GrantRequest {
  account: string;
  holder: string;
  /** Sorted best rank first. */
  demand: LocalDemand[];
  ceiling: number;
  leaseMs: number;
  /** Demand rows not refreshed for this long belong to a dead process and are dropped. */
  staleMs: number;
  /** Token bucket size: starts in any second stay below ERP_MAX_RPS + bucket. */
  bucket: number;
}

/** How the adaptive limit reacts (see release_permit in governor-schema.ts). */
export interface AdaptiveSettings {
  /** Multiplicative decrease on overload. */
  backoffRatio: number;
  /** At most one multiplicative decrease per this long (one per round trip, as TCP does). */
  cooldownMs: number;
  /** No probing upwards for this long after a decrease, so probes (and their 429s) stay rare. */
  probeHoldMs: number;
  /** Short latency average above this multiple of the long one counts as overload. */
  latencyTolerance: number;
}

export const DEFAULT_ADAPTIVE_SETTINGS: AdaptiveSettings = {
  backoffRatio: 0.9,
  cooldownMs: 1000,
  probeHoldMs: 5000,
  latencyTolerance: 2,
};

/** What a finished call tells the governor. */
export type CallSampleOutcome = 'ok' | 'throttled' | 'overloaded' | 'other';

export interface CallSample {
  outcome: CallSampleOutcome;
  latencyMs: number;
  inFlightAtGrant: number;
}

export interface HandoffRequest extends PermitTerms {
  account: string;
  holder: string;
  permitId: string;
  /** How the call that held the permit went (moves the adaptive limit, as `release`). */
  sample: CallSample;
  settings: AdaptiveSettings;
  /** The holder's next waiting call: its rank and since when it waits. */
  next: { rank: number; oldestAtMs: number };
}

export interface HandoffOutcome {
  /** True: the permit now carries the next call; false: it was freed (and the others woken). */
  handed: boolean;
  inFlightAtGrant: number;
  limit: number;
  ceiling: number;
  inFlight: number;
}

interface HandoffRow {
  handed: boolean;
  at_grant: number;
  eff_limit: number;
  eff_ceiling: number;
  in_flight: number;
}

/** The terms under which grant_permits and handoff_permit hand out a permit. */
interface PermitTerms {
  ceiling: number;
  leaseMs: number;
  staleMs: number;
  bucket: number;
}

const termParams = (t: PermitTerms) => [t.ceiling, t.leaseMs, t.staleMs, t.bucket];

const limits = (row: { eff_limit: number; eff_ceiling: number; in_flight: number }) => ({
  limit: row.eff_limit,
  ceiling: row.eff_ceiling,
  inFlight: row.in_flight,
});

interface GrantRow {
  permit_ids: string[];
  ranks: number[];
  at_grant: number[];
  eff_limit: number;
  eff_ceiling: number;
  in_flight: number;
  token_wait_ms: number | null;
  throttled_total: string;
}

/**
 * The governor's statements. Grant and release are SQL functions (governor-schema.ts) so each
 * is one round trip holding the account row's lock only for server time.
 */
export class GovernorRepository {
  readonly channel: string;

  constructor(
    private readonly pool: Pool,
    private readonly schema: string,
  ) {
    assertSchemaName(schema);
    this.channel = `${schema}_wake`;
  }

  /** The ceiling is the configuration's; the adaptive limit survives restarts. */
  async registerAccount(account: string, ceiling: number, maxRps: number): Promise<void> {
    await this.pool.query(
      `INSERT INTO ${this.schema}.account (account_key, ceiling, max_rps, limit_value)
       VALUES ($1, $2::int, $3, $2::int)
       ON CONFLICT (account_key) DO UPDATE SET ceiling = EXCLUDED.ceiling,
         max_rps = EXCLUDED.max_rps, updated_at = clock_timestamp(),
         limit_value = LEAST(${this.schema}.account.limit_value, EXCLUDED.ceiling)`,
      [account, ceiling, maxRps],
    );
  }

  async grant(request: GrantRequest): Promise<GrantOutcome> {
    const { rows } = await this.pool.query<GrantRow>(
      `SELECT * FROM ${this.schema}.grant_permits($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [
        request.account,
        request.holder,
        request.demand.map((d) => d.rank),
        request.demand.map((d) => d.waiting),
        request.demand.map((d) => d.oldestAtMs),
        ...termParams(request),
      ],
    );
    const row = rows[0];
    return {
      permits: row.permit_ids.map((id, i) => ({
        id,
        rank: row.ranks[i],
        inFlightAtGrant: row.at_grant[i],
      })),
      ...limits(row),
      throttledTotal: Number(row.throttled_total),
      ...(row.token_wait_ms === null ? {} : { tokenWaitMs: row.token_wait_ms }),
    };
  }

  /** Frees the permit, moves the adaptive limit by the call's outcome, wakes waiters. */
  async release(
    account: string,
    permitId: string,
    sample: CallSample,
    settings: AdaptiveSettings,
  ): Promise<number | null> {
    const { rows } = await this.pool.query<{ limit: number | null }>(
      `SELECT ${this.schema}.release_permit($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) AS limit`,
      this.sampleParams(account, permitId, sample, settings),
    );
    return rows[0].limit;
  }

  /**
   * Frees the permit like `release`, or, when the account's rules allow it, keeps it for the
   * holder's next call of `next.rank` (handoff_permit in governor-schema.ts): one round trip.
   */
  async handoff(request: HandoffRequest): Promise<HandoffOutcome> {
    const { sample, settings, next } = request;
    const { rows } = await this.pool.query<HandoffRow>(
      `SELECT * FROM ${this.schema}.handoff_permit($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11,
         $12, $13, $14, $15, $16, $17)`,
      [
        ...this.sampleParams(request.account, request.permitId, sample, settings),
        request.holder,
        next.rank,
        next.oldestAtMs,
        ...termParams(request),
      ],
    );
    const row = rows[0];
    return {
      handed: row.handed,
      inFlightAtGrant: row.at_grant,
      ...limits(row),
    };
  }

  /** release_permit's parameters (the first ones of handoff_permit). */
  private sampleParams(
    account: string,
    permitId: string,
    sample: CallSample,
    settings: AdaptiveSettings,
  ): unknown[] {
    return [
      account,
      permitId,
      sample.outcome,
      sample.latencyMs,
      sample.inFlightAtGrant,
      settings.backoffRatio,
      settings.cooldownMs,
      settings.probeHoldMs,
      settings.latencyTolerance,
      this.channel,
    ];
  }

  /** Drops this process's permits and demand (clean shutdown) and wakes the others. */
  async forget(account: string, holder: string): Promise<void> {
    const s = this.schema;
    await this.pool.query(`DELETE FROM ${s}.permit WHERE account_key = $1 AND holder = $2`, [
      account,
      holder,
    ]);
    await this.pool.query(`DELETE FROM ${s}.demand WHERE account_key = $1 AND holder = $2`, [
      account,
      holder,
    ]);
    await this.pool.query('SELECT pg_notify($1, $2)', [this.channel, account]);
  }
}
