import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { Client, ClientConfig, Pool } from 'pg';
import { ErpBusyError } from '../../errors';
import { ERP_PRIORITIES, ErpPriority, priorityRank } from './erp-priority';
import { GovernorMetrics } from './governor-metrics';
import { ensureGovernorSchema } from './governor-schema';
import {
  AdaptiveSettings,
  CallSample,
  CallSampleOutcome,
  DEFAULT_ADAPTIVE_SETTINGS,
  GovernorRepository,
  GrantOutcome,
  GrantedPermit,
} from './governor.repository';

export interface ErpGovernorOptions {
  /** Where the governor's schema lives: the database every service of the account shares. */
  connection: ClientConfig;
  schema: string;
  /** The ERP account key (NetSuite account id): one governor state per account. */
  account: string;
  /** Calling service, for the holder id and metrics. */
  service: string;
  /** The account's concurrency ceiling (ERP_MAX_CONCURRENCY). */
  ceiling: number;
  /** The account's call starts per second (ERP_MAX_RPS). */
  maxRps: number;
  /** A permit lapses after this long (longer than any ERP call), freeing a crashed holder's slot. */
  leaseMs: number;
  /** A call waits at most this long for a permit, then fails with ErpBusyError. */
  maxWaitMs: number;
  /** Fallback re-check when no notification arrives (lost NOTIFY, token refill). */
  pollMs?: number;
  adaptive?: Partial<AdaptiveSettings>;
}

export interface ErpPermit {
  readonly id: string;
  readonly priority: ErpPriority;
  readonly inFlightAtGrant: number;
}

interface Waiter {
  enqueuedAtMs: number;
  /** Resolved or rejected (timed out, closing): a hand-off still in flight must skip it. */
  settled?: boolean;
  resolve: (permit: ErpPermit) => void;
  reject: (error: Error) => void;
  timer: NodeJS.Timeout;
}

/**
 * This process's side of the account-wide ERP governor. Callers queue locally by priority; one
 * pump per process asks PostgreSQL for permits on behalf of all of them (one transaction for a
 * batch), publishes what still waits so other processes yield to better-ranked work, and sleeps
 * until a release is notified (LISTEN/NOTIFY) or a token is due. A call that ends while another
 * of this process waits hands its permit to that one in the release's own round trip, when the
 * account's rules allow it (ADR 0038): no grant round trip and no NOTIFY between two calls.
 */
export class ErpGovernor {
  readonly holder: string;
  private readonly pool: Pool;
  private readonly repo: GovernorRepository;
  private readonly queues: Waiter[][] = ERP_PRIORITIES.map(() => []);
  private readonly settings: AdaptiveSettings;
  readonly metrics: GovernorMetrics;
  private readonly pending = new Set<Promise<void>>();
  private listener?: Client;
  private pumping = false;
  /** Something changed while the pump was busy (a new caller, a release elsewhere). */
  private dirty = false;
  private wake?: () => void;
  private closed = false;
  private lastError?: string;

  constructor(private readonly options: ErpGovernorOptions) {
    this.holder = `${options.service}@${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
    this.pool = new Pool({ ...options.connection, max: 3 });
    this.pool.on('error', () => undefined); // idle client errors: the next query reports them
    this.repo = new GovernorRepository(this.pool, options.schema);
    this.settings = { ...DEFAULT_ADAPTIVE_SETTINGS, ...options.adaptive };
    this.metrics = new GovernorMetrics(options.account, options.service);
  }

  get account(): string {
    return this.options.account;
  }

  /** Longest a caller waits for a permit before ErpBusyError (ERP_GOVERNOR_MAX_WAIT_MS). */
  get maxWaitMs(): number {
    return this.options.maxWaitMs;
  }

  async start(): Promise<void> {
    await ensureGovernorSchema(this.pool, this.options.schema);
    await this.repo.registerAccount(this.account, this.options.ceiling, this.options.maxRps);
    await this.listen();
  }

  /** Waits for a permit, best priority first, or throws ErpBusyError after maxWaitMs. */
  acquire(priority: ErpPriority): Promise<ErpPermit> {
    if (this.closed) return Promise.reject(this.busy('the ERP governor is closed'));
    return new Promise<ErpPermit>((resolve, reject) => {
      const queue = this.queues[priorityRank(priority)];
      const waiter: Waiter = {
        enqueuedAtMs: Date.now(),
        resolve,
        reject,
        timer: setTimeout(() => {
          waiter.settled = true;
          const at = queue.indexOf(waiter);
          if (at >= 0) queue.splice(at, 1);
          this.metrics.busy(priority);
          this.updateWaiting();
          const cause = this.lastError ? ` (governor: ${this.lastError})` : '';
          reject(this.busy(`no ERP permit within ${this.options.maxWaitMs} ms${cause}`));
        }, this.options.maxWaitMs),
      };
      queue.push(waiter);
      this.updateWaiting();
      this.kick();
    });
  }

  /**
   * Gives the permit back and reports how the call went (moves the adaptive limit); with a call
   * of this process waiting, the permit goes to the best-ranked one if the account allows it.
   */
  release(permit: ErpPermit, outcome: CallSampleOutcome, latencyMs: number): void {
    const sample = { outcome, latencyMs, inFlightAtGrant: permit.inFlightAtGrant };
    const next = this.closed ? undefined : this.takeNext();
    const done = (
      next
        ? this.handOff(permit.id, sample, next)
        : this.timed('release', () =>
            this.repo.release(this.account, permit.id, sample, this.settings),
          )
            // Local waiters take the freed slot without waiting for the notification's round trip.
            .then(() => (this.waiting() > 0 ? this.kick() : undefined))
    )
      .catch((error: Error) => {
        // The permit lapses at its lease; nothing else is lost.
        this.lastError = error.message;
        this.metrics.error('release');
      })
      .finally(() => this.pending.delete(done));
    this.pending.add(done);
  }

  /** The best-ranked, oldest waiter, out of its queue (back at its head if not handed). */
  private takeNext(): { waiter: Waiter; rank: number } | undefined {
    for (let rank = 0; rank < this.queues.length; rank++) {
      const waiter = this.queues[rank].shift();
      if (waiter) {
        this.updateWaiting();
        return { waiter, rank };
      }
    }
    return undefined;
  }

  private async handOff(
    permitId: string,
    sample: CallSample,
    next: { waiter: Waiter; rank: number },
  ): Promise<void> {
    let handed = false;
    try {
      const outcome = await this.timed('handoff', () =>
        this.repo.handoff({
          account: this.account,
          holder: this.holder,
          permitId,
          sample,
          settings: this.settings,
          next: { rank: next.rank, oldestAtMs: next.waiter.enqueuedAtMs },
          ceiling: this.options.ceiling,
          leaseMs: this.options.leaseMs,
          staleMs: this.staleMs(),
          bucket: this.bucket(),
        }),
      );
      this.metrics.handoff(outcome.handed);
      this.metrics.observe(outcome);
      handed = outcome.handed;
      if (handed)
        this.deliver(next.waiter, {
          id: permitId,
          rank: next.rank,
          inFlightAtGrant: outcome.inFlightAtGrant,
        });
    } finally {
      if (!handed) {
        // Back at the head of its queue (it was the oldest); the pump asks for a permit.
        if (this.closed && !next.waiter.settled)
          this.refuse(next.waiter, 'the ERP governor is closing');
        else if (!next.waiter.settled) this.queues[next.rank].unshift(next.waiter);
        this.updateWaiting();
        if (this.waiting() > 0) this.kick();
      }
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const queue of this.queues) {
      for (const waiter of queue.splice(0)) this.refuse(waiter, 'the ERP governor is closing');
    }
    this.poke();
    await Promise.allSettled([...this.pending]);
    await this.repo.forget(this.account, this.holder).catch(() => undefined);
    await this.listener?.end().catch(() => undefined);
    await this.pool.end().catch(() => undefined);
  }

  /** A database round trip, timed when it succeeds (`retail_erp_governor_round_trip_seconds`). */
  private async timed<T>(
    step: 'grant' | 'handoff' | 'release',
    trip: () => Promise<T>,
  ): Promise<T> {
    const started = performance.now();
    const result = await trip();
    this.metrics.roundTrip(step, performance.now() - started);
    return result;
  }

  private kick(): void {
    if (this.pumping) {
      this.poke();
      return;
    }
    this.pumping = true;
    void this.pump().finally(() => {
      this.pumping = false;
      if (this.waiting() > 0 && !this.closed) this.kick();
    });
  }

  private async pump(): Promise<void> {
    while (!this.closed) {
      let outcome: GrantOutcome | undefined;
      try {
        outcome = await this.timed('grant', () =>
          this.repo.grant({
            account: this.account,
            holder: this.holder,
            demand: this.demand(),
            ceiling: this.options.ceiling,
            leaseMs: this.options.leaseMs,
            staleMs: this.staleMs(),
            bucket: this.bucket(),
          }),
        );
        this.lastError = undefined;
        this.hand(outcome.permits);
        this.metrics.observe(outcome);
      } catch (error) {
        this.lastError = (error as Error).message;
        this.metrics.error('grant');
      }
      if (this.waiting() === 0) return;
      await this.sleep(outcome?.tokenWaitMs ?? this.pollMs());
    }
  }

  private hand(permits: GrantedPermit[]): void {
    for (const permit of permits) this.deliver(this.queues[permit.rank].shift(), permit);
    this.updateWaiting();
  }

  private deliver(waiter: Waiter | undefined, permit: GrantedPermit): void {
    const priority = ERP_PRIORITIES[permit.rank];
    if (this.closed) {
      // close() drops this process's permits; a caller handed one now is refused like the rest.
      if (waiter && !waiter.settled) this.refuse(waiter, 'the ERP governor is closing');
      return;
    }
    if (!waiter || waiter.settled) {
      // Its caller gave up meanwhile: give the slot straight back (or to the next waiter).
      this.release({ ...permit, priority }, 'other', 0);
      return;
    }
    waiter.settled = true;
    clearTimeout(waiter.timer);
    this.metrics.granted(priority, Date.now() - waiter.enqueuedAtMs);
    waiter.resolve({ id: permit.id, priority, inFlightAtGrant: permit.inFlightAtGrant });
  }

  private refuse(waiter: Waiter, message: string): void {
    waiter.settled = true;
    clearTimeout(waiter.timer);
    waiter.reject(this.busy(message));
  }

  private demand() {
    return this.queues
      .map((queue, rank) => ({
        rank,
        waiting: queue.length,
        oldestAtMs: queue[0]?.enqueuedAtMs ?? 0,
      }))
      .filter((d) => d.waiting > 0);
  }

  private poke(): void {
    this.dirty = true;
    this.wake?.();
  }

  private sleep(ms: number): Promise<void> {
    if (this.dirty) {
      this.dirty = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const timer = setTimeout(done, Math.max(1, Math.min(ms, this.pollMs())));
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wake = () => {
        this.wake = undefined;
        this.dirty = false;
        done();
      };
    });
  }

  private async listen(): Promise<void> {
    const client = new Client(this.options.connection);
    client.on('notification', (message) => {
      if (message.payload === this.account) this.poke();
    });
    client.on('error', () => {
      // Polling keeps the governor working; reconnect after a pause.
      this.listener = undefined;
      client.end().catch(() => undefined);
      if (!this.closed) setTimeout(() => void this.listen().catch(() => undefined), 1000).unref();
    });
    await client.connect();
    await client.query(`LISTEN ${this.repo.channel}`);
    this.listener = client;
  }

  private waiting(): number {
    return this.queues.reduce((sum, queue) => sum + queue.length, 0);
  }

  private updateWaiting(): void {
    this.queues.forEach((queue, rank) => this.metrics.waiting(ERP_PRIORITIES[rank], queue.length));
  }

  /** Token bucket size: starts in any second stay below ERP_MAX_RPS + bucket. */
  private bucket(): number {
    return Math.max(1, Math.floor(this.options.maxRps / 10));
  }

  private pollMs(): number {
    return this.options.pollMs ?? 250;
  }

  /** A waiting process refreshes its demand at least every poll; ten missed polls = gone. */
  private staleMs(): number {
    return Math.max(2000, this.pollMs() * 10);
  }

  private busy(message: string): ErpBusyError {
    return new ErpBusyError(message, Math.min(5000, Math.max(500, this.options.maxWaitMs / 10)));
  }
}
