import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import type { AllocationRule } from '@retail/contracts';
import { DataSource, QueryRunner } from 'typeorm';
import { PositionState, positionKey } from '../../movements/domain/position-state';
import {
  HELD_POSITIONS_SELECT,
  HeldPosition,
  HeldPositionRow,
  toHeld,
} from '../../positions/persistence/position.store';

/** A position as the availability computation needs it: quantities and each channel's hold. */
export type ViewPosition = HeldPosition;

/** The NOTIFY channel of the triggers (migration AvailabilityView1765100000000). */
export const VIEW_NOTIFY_CHANNEL = 'inventory_view';
const RULES = '\u001erules';
const ALL = '\u001eall';
/** How long a read waits for a change of this process to reach the view, then reads the DB. */
const SETTLE_WAIT_MS = 1000;
const resubscribeMs = (failures: number) => Math.min(100 * 2 ** failures, 30_000);

/**
 * Positions, channel holds and allocation rules in memory, so that availability reads never
 * touch the database or compete with writers for the pool (ADR 0033). The database stays the
 * truth: every change to `positions`, `channel_reserved` or `allocation_rule_sets` NOTIFYs its
 * key at commit (triggers), whichever replica or statement made it; this process LISTENs on a
 * connection of its own and re-reads the notified keys, one refresh at a time, so the view is
 * behind the last commit by the NOTIFY's delivery plus one refresh (milliseconds). Writers of
 * this process also hand over what they committed (`written`), so a read right after a local
 * write sees it; paths that cannot (`expect`) make reads of that SKU wait for the refresh.
 * Not ready (starting, or the LISTEN session lost and being rebuilt): `ready` is false and
 * callers read the database.
 */
@Injectable()
export class AvailabilityView implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(AvailabilityView.name);
  private readonly bySku = new Map<string, Map<string, ViewPosition>>();
  private rules = new Map<string, AllocationRule[]>();
  private readonly dirty = new Set<string>();
  /** Per position key: how many local writes were handed over (guards refreshes in flight). */
  private readonly writes = new Map<string, number>();
  /** SKUs changed by this process that the view has not re-read yet (`expect`), and since when. */
  private readonly expected = new Map<string, number>();
  private readonly settledWaiters = new Set<() => void>();
  private refreshing: Promise<void> | null = null;
  private runner: QueryRunner | null = null;
  private schema = '';
  private running = false;
  private failures = 0;
  private timer: NodeJS.Timeout | null = null;
  private loaded = false;

  constructor(private readonly db: DataSource) {}

  /** True when reads may be answered from memory. */
  get ready(): boolean {
    return this.loaded && this.runner !== null;
  }

  async onApplicationBootstrap(): Promise<void> {
    this.running = true;
    await this.connect();
  }

  async onApplicationShutdown(): Promise<void> {
    this.running = false;
    if (this.timer) clearTimeout(this.timer);
    await this.refreshing?.catch(() => undefined);
    await this.disconnect();
  }

  /** Positions of `skus` (in `scope` when given), as the view holds them. */
  positions(skus: string[], scope?: string[]): ViewPosition[] {
    const inScope = scope ? new Set(scope) : undefined;
    const out: ViewPosition[] = [];
    for (const sku of new Set(skus)) {
      const locations = this.bySku.get(sku);
      if (!locations) continue;
      for (const p of [...locations.values()].sort((a, b) => cmp(a.locationId, b.locationId)))
        if (!inScope || inScope.has(p.locationId)) out.push(p);
    }
    return out;
  }

  /** The channel's allocation rules ([] when it has none). */
  rulesOf(channel: string): AllocationRule[] {
    return this.rules.get(channel) ?? [];
  }

  /**
   * Resolves once no SKU of `skus` waits for a local change to be re-read (at most
   * SETTLE_WAIT_MS); false when it timed out (the caller then reads the database).
   */
  async settled(skus: string[]): Promise<boolean> {
    const waiting = () => skus.some((s) => this.isExpected(s));
    if (!waiting()) return true;
    const deadline = Date.now() + SETTLE_WAIT_MS;
    while (waiting()) {
      const left = deadline - Date.now();
      if (left <= 0 || !this.ready) return false;
      await new Promise<void>((resolve) => {
        const t = setTimeout(done, left);
        function done() {
          clearTimeout(t);
          resolve();
        }
        this.settledWaiters.add(done);
      });
    }
    return true;
  }

  /**
   * Positions as a transaction of this process committed them (movements, holds): written
   * through at once, so this replica reads its own writes. Channel holds the writer did not
   * change are kept (`byChannel` omitted).
   */
  written(positions: Array<PositionState & { byChannel?: Record<string, number> }>): void {
    if (!this.loaded) return;
    for (const p of positions) {
      const key = positionKey(p.sku, p.locationId);
      this.writes.set(key, (this.writes.get(key) ?? 0) + 1);
      const current = this.bySku.get(p.sku)?.get(p.locationId);
      this.put({ ...p, byChannel: { ...(p.byChannel ?? current?.byChannel ?? {}) } });
    }
  }

  /**
   * A transaction of this process is changing `sku` in a way it does not hand over (releases,
   * expiries, shipments): reads of the SKU wait until a notification for it has been re-read.
   */
  expect(sku: string): void {
    this.expected.set(sku, Date.now());
  }

  /** Expected and not too old (a transaction that rolled back never notifies: forget it). */
  private isExpected(sku: string): boolean {
    const since = this.expected.get(sku);
    if (since === undefined) return false;
    if (Date.now() - since <= SETTLE_WAIT_MS) return true;
    this.expected.delete(sku);
    return false;
  }

  /** Re-reads the rule sets now (after a local change of rules); other replicas get the NOTIFY. */
  async reloadRules(): Promise<void> {
    if (!this.runner) return;
    this.dirty.add(RULES);
    this.kick();
    await this.refreshing;
  }

  private put(p: ViewPosition): void {
    let locations = this.bySku.get(p.sku);
    if (!locations) this.bySku.set(p.sku, (locations = new Map()));
    locations.set(p.locationId, p);
  }

  private onNotification(payload: string | undefined): void {
    if (!payload?.startsWith(`${this.schema}\u001e`)) return;
    this.dirty.add(payload.slice(this.schema.length));
    this.kick();
  }

  private kick(): void {
    if (this.refreshing || !this.runner) return;
    this.refreshing = this.loop()
      .catch((err) => this.logger.warn(`availability view refresh failed: ${err}`))
      .finally(() => {
        this.refreshing = null;
        if (this.dirty.size > 0 && this.runner) this.kick();
      });
  }

  /** Re-reads what was notified, one query per round, until nothing is dirty. */
  private async loop(): Promise<void> {
    while (this.dirty.size > 0 && this.runner) {
      const runner = this.runner;
      const marks = [...this.dirty];
      this.dirty.clear();
      const all = marks.includes(ALL);
      if (all || marks.includes(RULES)) await this.loadRules(runner);
      const keys = marks
        .filter((m) => m !== ALL && m !== RULES)
        .map((m) => m.slice(1).split('\u001f') as [string, string]);
      const writesAtStart = new Map(
        keys.map(([s, l]) => [positionKey(s, l), this.writeCount(s, l)]),
      );
      const rows: HeldPositionRow[] = all
        ? await runner.query(HELD_POSITIONS_SELECT)
        : keys.length === 0
          ? []
          : await runner.query(
              `${HELD_POSITIONS_SELECT} WHERE (p.sku, p.location_id) IN
                 (SELECT * FROM unnest($1::varchar[], $2::varchar[]))`,
              [keys.map((k) => k[0]), keys.map((k) => k[1])],
            );
      if (all) this.bySku.clear();
      const seen = new Set<string>();
      for (const r of rows) {
        const key = positionKey(r.sku, r.location_id);
        seen.add(key);
        // A local write handed over since this read began is newer than the row read.
        if (!all && this.writeCount(r.sku, r.location_id) !== writesAtStart.get(key)) continue;
        this.put(toHeld(r));
      }
      for (const [sku, location] of keys)
        if (!seen.has(positionKey(sku, location))) this.bySku.get(sku)?.delete(location);
      this.loaded = true;
      this.settle(all ? [...this.expected.keys()] : keys.map((k) => k[0]));
    }
  }

  private writeCount(sku: string, location: string): number {
    return this.writes.get(positionKey(sku, location)) ?? 0;
  }

  /** The expected changes of `skus` have been re-read after their notification. */
  private settle(skus: string[]): void {
    let any = false;
    for (const sku of new Set(skus)) if (this.expected.delete(sku)) any = true;
    if (this.writes.size > 100_000) this.writes.clear();
    if (!any) return;
    const waiters = [...this.settledWaiters];
    this.settledWaiters.clear();
    waiters.forEach((w) => w());
  }

  private async loadRules(runner: QueryRunner): Promise<void> {
    const rows: Array<{ channel: string; rules: AllocationRule[] }> = await runner.query(
      `SELECT channel, rules FROM allocation_rule_sets`,
    );
    this.rules = new Map(rows.map((r) => [r.channel, r.rules]));
  }

  private async connect(): Promise<void> {
    try {
      const runner = this.db.createQueryRunner();
      const client = await runner.connect();
      this.runner = runner;
      [{ schema: this.schema }] = await runner.query('SELECT current_schema() AS schema');
      client.on('notification', (n: { channel: string; payload?: string }) => {
        if (n.channel === VIEW_NOTIFY_CHANNEL && this.runner === runner)
          this.onNotification(n.payload);
      });
      client.on('error', (err: Error) => this.lost(runner, err.message));
      client.on('end', () => this.lost(runner, 'connection ended'));
      await runner.query(`LISTEN ${VIEW_NOTIFY_CHANNEL}`);
      // Everything is re-read after LISTEN, so no commit falls between the load and the feed.
      this.dirty.add(ALL);
      this.kick();
      await this.refreshing;
      if (this.failures > 0) this.logger.log('availability view re-established');
      this.failures = 0;
    } catch (err) {
      this.logger.warn(`availability view unavailable, reads go to the database: ${err}`);
      await this.disconnect();
      this.retry();
    }
  }

  private lost(runner: QueryRunner, reason: string): void {
    if (this.runner !== runner) return;
    this.logger.warn(`availability view lost its LISTEN session (${reason}), rebuilding`);
    void this.disconnect().finally(() => this.retry());
  }

  private retry(): void {
    if (!this.running || this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      if (this.running) void this.connect();
    }, resubscribeMs(this.failures++));
    this.timer.unref();
  }

  private async disconnect(): Promise<void> {
    const runner = this.runner;
    this.runner = null;
    this.loaded = false;
    this.settle([...this.expected.keys()]);
    if (!runner) return;
    await runner.query(`UNLISTEN ${VIEW_NOTIFY_CHANNEL}`).catch(() => undefined);
    await runner.release().catch(() => undefined);
  }
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
