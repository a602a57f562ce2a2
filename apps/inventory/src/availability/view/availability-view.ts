import { randomUUID } from 'node:crypto';
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
import { viewMetrics } from './view-metrics';

/** A position as the availability computation needs it: quantities and each channel's hold. */
export type ViewPosition = HeldPosition;

/** The NOTIFY channel of the triggers (migration AvailabilityView1765100000000). */
export const VIEW_NOTIFY_CHANNEL = 'inventory_view';
const RULES = '\u001erules';
const ALL = '\u001eall';
/** Prefix of this view's heartbeat marks (`\x1ebeat\x1d<replica>\x1d<sent ms>`). */
const BEAT = '\u001ebeat\u001d';
/** How long a read waits for a change of this process to reach the view. */
const SETTLE_WAIT_MS = 1000;
/** One heartbeat a second: the lag metric and the age an alert watches (ADR 0046). */
export const HEARTBEAT_MS = 1000;
/** Rows per page of a rebuild: the rebuild holds one page of rows besides the view. */
export const REBUILD_PAGE_ROWS = 2000;
/** Pause before a failed refresh round is retried (its marks kept). */
const RETRY_ROUND_MS = 200;
const resubscribeMs = (failures: number) => Math.min(100 * 2 ** failures, 30_000);
/** Most positions have no channel hold: they share one empty map. */
const NO_HOLDS: Record<string, number> = Object.freeze({}) as Record<string, number>;

/**
 * Positions, channel holds and allocation rules in memory, so that availability reads never
 * touch the database or compete with writers for the pool (ADR 0033, ADR 0046). The database
 * stays the truth: every change to `positions`, `channel_reserved` or `allocation_rule_sets`
 * NOTIFYs its key at commit (triggers), whichever replica or statement made it; this process
 * LISTENs on a connection of its own and re-reads the notified keys, one refresh round at a
 * time. A heartbeat NOTIFY once a second measures how far behind the last commit the view is
 * (`retail_inventory_availability_view_lag_seconds`, `..._age_seconds`). Writers of this process
 * also hand over what they committed (`written`), so a read right after a local write sees it;
 * paths that cannot (`expect`) make reads of that SKU wait for the refresh (at most 1 s).
 * Not ready (starting, or the LISTEN session lost and the view being rebuilt page by page):
 * `ready` is false and reads answer 503 until the rebuild is done.
 */
@Injectable()
export class AvailabilityView implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(AvailabilityView.name);
  /** Per SKU, its positions sorted by location id. */
  private readonly bySku = new Map<string, ViewPosition[]>();
  private size = 0;
  private rules = new Map<string, AllocationRule[]>();
  private readonly dirty = new Set<string>();
  /** Keys handed over by local writers while a refresh round is reading (newer than its rows). */
  private readonly touched = new Set<string>();
  /** SKUs changed by this process that the view has not re-read yet (`expect`), and since when. */
  private readonly expected = new Map<string, number>();
  private readonly settledWaiters = new Set<() => void>();
  private readonly replica = randomUUID().slice(0, 8);
  private refreshing: Promise<void> | null = null;
  private runner: QueryRunner | null = null;
  private schema = '';
  private running = false;
  private failures = 0;
  private timer: NodeJS.Timeout | null = null;
  private beats: NodeJS.Timeout | null = null;
  private backoff: NodeJS.Timeout | null = null;
  private beatDue = false;
  private loaded = false;
  /** When the last heartbeat was applied (the view was current up to its sending). */
  private currentAt = 0;

  constructor(private readonly db: DataSource) {}

  /** True when reads may be answered from memory. */
  get ready(): boolean {
    return this.loaded && this.runner !== null;
  }

  /** Milliseconds since the view was last known current (its last applied heartbeat). */
  get ageMs(): number {
    return this.currentAt === 0 ? Number.POSITIVE_INFINITY : Date.now() - this.currentAt;
  }

  async onApplicationBootstrap(): Promise<void> {
    this.running = true;
    viewMetrics.age().reset();
    viewMetrics.ready().set(0);
    this.beats = setInterval(() => this.heartbeat(), HEARTBEAT_MS);
    this.beats.unref();
    await this.connect();
  }

  async onApplicationShutdown(): Promise<void> {
    this.running = false;
    if (this.timer) clearTimeout(this.timer);
    if (this.beats) clearInterval(this.beats);
    if (this.backoff) clearTimeout(this.backoff);
    await this.refreshing?.catch(() => undefined);
    await this.disconnect();
  }

  /** Positions of `skus` (in `scope` when given), as the view holds them, by location id. */
  positions(skus: string[], scope?: string[]): ViewPosition[] {
    const inScope = scope ? new Set(scope) : undefined;
    const out: ViewPosition[] = [];
    const seen = skus.length > 1 ? new Set<string>() : undefined;
    for (const sku of skus) {
      if (seen) {
        if (seen.has(sku)) continue;
        seen.add(sku);
      }
      const locations = this.bySku.get(sku);
      if (!locations) continue;
      for (const p of locations) if (!inScope || inScope.has(p.locationId)) out.push(p);
    }
    return out;
  }

  /** The channel's allocation rules ([] when it has none). */
  rulesOf(channel: string): AllocationRule[] {
    return this.rules.get(channel) ?? [];
  }

  /**
   * Resolves once no SKU of `skus` waits for a local change to be re-read, or after
   * SETTLE_WAIT_MS (false): a change that never notifies (rolled back) changed nothing.
   */
  async settled(skus: string[]): Promise<boolean> {
    if (this.expected.size === 0) return true;
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
      if (this.refreshing) this.touched.add(key);
      const byChannel = p.byChannel ?? this.find(p.sku, p.locationId)?.byChannel ?? NO_HOLDS;
      this.put(compact(p, byChannel));
      // Re-read once after the hand-over: a hand-over that arrives late (after a round already
      // read a newer commit of another writer) must not stay. Usually the commit's own
      // notification is still pending and this mark folds into it.
      this.dirty.add(`\u001e${key}`);
    }
    if (positions.length > 0) this.kick();
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

  private find(sku: string, locationId: string): ViewPosition | undefined {
    return this.bySku.get(sku)?.find((p) => p.locationId === locationId);
  }

  /** Inserts or replaces a position, keeping the SKU's list sorted by location id. */
  private put(p: ViewPosition): void {
    const list = this.bySku.get(p.sku);
    if (!list) {
      this.bySku.set(p.sku, [p]);
      this.size++;
      return;
    }
    let i = 0;
    while (i < list.length && list[i].locationId < p.locationId) i++;
    if (i < list.length && list[i].locationId === p.locationId) list[i] = p;
    else {
      list.splice(i, 0, p);
      this.size++;
    }
  }

  private remove(sku: string, locationId: string): void {
    const list = this.bySku.get(sku);
    const i = list?.findIndex((p) => p.locationId === locationId) ?? -1;
    if (!list || i < 0) return;
    list.splice(i, 1);
    this.size--;
    if (list.length === 0) this.bySku.delete(sku);
  }

  private onNotification(payload: string | undefined): void {
    if (!payload?.startsWith(`${this.schema}\u001e`)) return;
    const mark = payload.slice(this.schema.length);
    // Other replicas' heartbeats are theirs to measure.
    if (mark.startsWith(BEAT) && !mark.startsWith(`${BEAT}${this.replica}\u001d`)) return;
    this.dirty.add(mark);
    this.kick();
  }

  private heartbeat(): void {
    // Expectations of transactions that rolled back never settle: drop them (bounded map).
    const stale = Date.now() - SETTLE_WAIT_MS;
    for (const [sku, since] of this.expected) if (since < stale) this.expected.delete(sku);
    if (this.loaded && this.currentAt > 0)
      viewMetrics.age().set((Date.now() - this.currentAt) / 1000);
    if (!this.runner || !this.loaded) return;
    this.beatDue = true;
    this.kick();
  }

  private kick(): void {
    if (this.refreshing || !this.runner || this.backoff) return;
    let failed = false;
    this.refreshing = this.loop()
      .catch((err) => {
        failed = true;
        this.logger.warn(`availability view refresh failed (retried): ${err}`);
      })
      .finally(() => {
        this.refreshing = null;
        this.touched.clear();
        if (!failed) {
          if (this.pending()) this.kick();
          return;
        }
        // The failed round's marks are dirty again; retry after a pause, not in a tight loop.
        this.backoff = setTimeout(() => {
          this.backoff = null;
          if (this.pending()) this.kick();
        }, RETRY_ROUND_MS);
        this.backoff.unref();
      });
  }

  private pending(): boolean {
    return this.runner !== null && (this.dirty.size > 0 || (this.beatDue && this.loaded));
  }

  /** Re-reads what was notified, one query per round, until nothing is dirty. */
  private async loop(): Promise<void> {
    while (this.pending()) {
      const runner = this.runner!;
      if (this.beatDue && this.loaded) {
        this.beatDue = false;
        await runner.query(`SELECT pg_notify($1, $2)`, [
          VIEW_NOTIFY_CHANNEL,
          `${this.schema}${BEAT}${this.replica}\u001d${Date.now()}`,
        ]);
      }
      if (this.dirty.size === 0) continue;
      const marks = [...this.dirty];
      this.dirty.clear();
      this.touched.clear();
      try {
        await this.round(runner, marks);
      } catch (err) {
        for (const m of marks) this.dirty.add(m);
        throw err;
      }
    }
  }

  /** One refresh round: the rules, the notified positions, then the heartbeats it carries. */
  private async round(runner: QueryRunner, marks: string[]): Promise<void> {
    if (marks.includes(ALL)) return this.rebuild(runner);
    if (marks.includes(RULES)) await this.loadRules(runner);
    const keys: Array<[string, string]> = [];
    const beats: number[] = [];
    for (const m of marks) {
      if (m.startsWith(BEAT)) beats.push(Number(m.slice(m.lastIndexOf('\u001d') + 1)));
      else if (m !== RULES) keys.push(m.slice(1).split('\u001f') as [string, string]);
    }
    if (keys.length > 0) await this.refresh(runner, keys);
    this.settle(keys.map((k) => k[0]));
    const now = Date.now();
    for (const sent of beats) {
      viewMetrics.lag().observe(Math.max(0, now - sent) / 1000);
      this.currentAt = Math.max(this.currentAt, sent);
    }
    if (beats.length > 0) viewMetrics.age().set((now - this.currentAt) / 1000);
  }

  /** Re-reads the notified positions (absent rows were deleted). */
  private async refresh(runner: QueryRunner, keys: Array<[string, string]>): Promise<void> {
    const rows: HeldPositionRow[] = await runner.query(
      `${HELD_POSITIONS_SELECT} WHERE (p.sku, p.location_id) IN
         (SELECT * FROM unnest($1::varchar[], $2::varchar[]))`,
      [keys.map((k) => k[0]), keys.map((k) => k[1])],
    );
    const seen = new Set<string>();
    for (const r of rows) {
      const key = positionKey(r.sku, r.location_id);
      seen.add(key);
      // A local write handed over while this round was reading is newer than the row read.
      if (!this.touched.has(key)) this.put(fromRow(r));
    }
    for (const [sku, location] of keys) {
      const key = positionKey(sku, location);
      if (!seen.has(key) && !this.touched.has(key)) this.remove(sku, location);
    }
    viewMetrics.positions().set(this.size);
  }

  /**
   * Reads everything again, in pages in key order (memory bounded by one page besides the
   * view). Called after LISTEN, so a commit during the rebuild is notified and re-read by the
   * next round; reads answer 503 until the last page is in.
   */
  private async rebuild(runner: QueryRunner): Promise<void> {
    this.setLoaded(false);
    this.bySku.clear();
    this.size = 0;
    await this.loadRules(runner);
    let after: [string, string] | null = null;
    for (;;) {
      // Two statements, not one with `$1 IS NULL OR ...`: each page an index range scan.
      const rows: HeldPositionRow[] = after
        ? await runner.query(
            `${HELD_POSITIONS_SELECT} WHERE (p.sku, p.location_id) > ($1::varchar, $2::varchar)
              ORDER BY p.sku, p.location_id LIMIT ${REBUILD_PAGE_ROWS}`,
            after,
          )
        : await runner.query(
            `${HELD_POSITIONS_SELECT} ORDER BY p.sku, p.location_id LIMIT ${REBUILD_PAGE_ROWS}`,
          );
      for (const r of rows) this.put(fromRow(r));
      if (rows.length < REBUILD_PAGE_ROWS) break;
      const last = rows[rows.length - 1];
      after = [last.sku, last.location_id];
    }
    viewMetrics.positions().set(this.size);
    this.setLoaded(true);
    this.settle([...this.expected.keys()]);
  }

  private setLoaded(loaded: boolean): void {
    this.loaded = loaded;
    viewMetrics.ready().set(loaded && this.runner ? 1 : 0);
    if (!loaded) this.currentAt = 0;
    else this.beatDue = true; // a first heartbeat at once: the age is known from the start
  }

  /** The expected changes of `skus` have been re-read after their notification. */
  private settle(skus: string[]): void {
    if (this.expected.size === 0) return;
    let any = false;
    for (const sku of new Set(skus)) if (this.expected.delete(sku)) any = true;
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
      if (!this.loaded) throw new Error('the rebuild did not complete');
      if (this.failures > 0) this.logger.log('availability view re-established');
      this.failures = 0;
    } catch (err) {
      this.logger.warn(`availability view unavailable, reads answer 503 until rebuilt: ${err}`);
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
    this.setLoaded(false);
    this.dirty.clear();
    this.beatDue = false;
    this.settle([...this.expected.keys()]);
    if (!runner) return;
    await runner.query(`UNLISTEN ${VIEW_NOTIFY_CHANNEL}`).catch(() => undefined);
    await runner.release().catch(() => undefined);
  }
}

/** A row as the view keeps it: no channel map of its own when no channel holds stock there. */
function fromRow(r: HeldPositionRow): ViewPosition {
  const p = toHeld(r); // the parsed row's channel map is the view's own: no copy
  if (!p.byChannel || Object.keys(p.byChannel).length === 0) p.byChannel = NO_HOLDS;
  return p;
}

function compact(p: PositionState, byChannel: Record<string, number>): ViewPosition {
  const holds = Object.keys(byChannel).length === 0 ? NO_HOLDS : { ...byChannel };
  return {
    sku: p.sku,
    locationId: p.locationId,
    onHand: p.onHand,
    reserved: p.reserved,
    inTransit: p.inTransit,
    damaged: p.damaged,
    byChannel: holds,
  };
}
