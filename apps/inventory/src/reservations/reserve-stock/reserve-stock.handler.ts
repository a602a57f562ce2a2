import { Inject, Injectable, Logger } from '@nestjs/common';
import {
  ReservationCreatedEvent,
  ReservationRequest,
  ReservationResult,
  SUBJECTS,
} from '@retail/contracts';
import { SERVICE_CONFIG } from '@retail/platform-config';
import {
  IDEMPOTENCY_OPTIONS,
  IdempotencyClaim,
  idempotencyKeyInFlight,
  idempotencyKeyReused,
  IdempotencyOptions,
  IdempotencySettlement,
  IdempotencyStore,
} from '@retail/platform-http';
import { OutboxService, OutgoingEvent } from '@retail/platform-messaging';
import { RequestContext } from '@retail/platform-observability';
import { DataSource, EntityManager } from 'typeorm';
import { ChannelLimits } from '../../allocation/channel-limits.service';
import { AvailabilityView } from '../../availability/view/availability-view';
import { ChannelLimit, channelAvailable } from '../../allocation/domain/channel-limit';
import { InventoryException } from '../../common/inventory.exception';
import { ItemOutcome, KeyedBatcher } from '../../common/keyed-batcher';
import { WriteGate } from '../../common/keyed-gate';
import { inventoryMetrics } from '../../common/metrics';
import { withTxRetry } from '../../common/transaction-retry';
import type { InventoryConfig } from '../../config/env';
import { LocationDirectory } from '../../locations/location-directory';
import { HeldPosition, PositionStore } from '../../positions/persistence/position.store';
import { allocate, statusOf } from '../domain/allocate';
import { HoldsService, NewHold } from '../persistence/holds.service';
import { ReservationRecord, ReservationStore } from '../persistence/reservation.store';

/** A request's Idempotency-Key, and the HTTP status its answer is stored (and replayed) with. */
export interface ReservationKey extends Omit<IdempotencyClaim, 'leaseMs'> {
  status: number;
}

/** One reservation request: its own answer, or an error of its own. */
export interface ReserveInput {
  req: ReservationRequest;
  /** Honoured inside the group's transaction (ADR 0048). */
  key?: ReservationKey;
  /** Wraps the item's own part (e.g. its correlation id, for the events it causes). */
  run?: <T>(fn: () => Promise<T>) => Promise<T>;
}

/** An answer, and whether it is the replay of an Idempotency-Key's first answer. */
export interface ReserveAnswer {
  result: ReservationResult;
  replayed: boolean;
}

interface Item {
  req: ReservationRequest;
  key?: ReservationKey;
  /** The subtree of `req.locationId`; undefined = the whole network. */
  scope?: Set<string>;
  limits: Map<string, ChannelLimit>;
  /** The request's correlation and causation ids: its events carry them, whoever commits. */
  origin: { correlationId?: string; causationId?: string };
}

type Outcome =
  | { result: ReservationResult; created: boolean; replayed?: boolean }
  /** Its Idempotency-Key is held by a request not yet answered: wait, then submit again. */
  | { inFlight: true };

/**
 * Reserves units of order lines. Every position of the SKU is locked (fixed order) before
 * anything is counted, so two requests, whatever their channel or replica, never count the same
 * unit; the channel's allocation rule caps what it may take at each location; the hold itself
 * is a conditional update (never more reserved than on-hand).
 * Requests for one SKU that arrive while its transaction runs are served together by the next
 * one (group commit), in arrival order: a hot SKU pays one lock wait and one commit per batch.
 * The entries of one `reservations:batch` call, whatever their SKUs, share one transaction
 * (`inOneTransaction`): the pipeline's call for many orders costs one commit, not one per SKU.
 * One reservation per (orderId, lineId): a retry without Idempotency-Key gets the first answer.
 * An Idempotency-Key is claimed and completed inside the group's transaction too (ADR 0048), so
 * an HTTP request costs no commit of its own.
 */
@Injectable()
export class ReserveStockHandler {
  private readonly logger = new Logger(ReserveStockHandler.name);
  private readonly batcher = new KeyedBatcher<Item, Outcome>((sku, items) =>
    this.commit([sku], items),
  );

  constructor(
    private readonly db: DataSource,
    private readonly store: ReservationStore,
    private readonly holds: HoldsService,
    private readonly positions: PositionStore,
    private readonly limits: ChannelLimits,
    private readonly directory: LocationDirectory,
    private readonly outbox: OutboxService,
    private readonly gate: WriteGate,
    private readonly view: AvailabilityView,
    private readonly keys: IdempotencyStore,
    @Inject(IDEMPOTENCY_OPTIONS) private readonly keyOptions: IdempotencyOptions,
    @Inject(SERVICE_CONFIG) private readonly config: InventoryConfig,
  ) {}

  async execute(req: ReservationRequest): Promise<ReservationResult> {
    return (await this.answer(req)).result;
  }

  /** One request, with its Idempotency-Key if it has one (`POST /v1/reservations`). */
  async answer(req: ReservationRequest, key?: ReservationKey): Promise<ReserveAnswer> {
    const [outcome] = await this.executeMany([{ req, key }]);
    if ('error' in outcome) throw outcome.error;
    return outcome.ok;
  }

  /**
   * Many reservations at once (`POST /v1/reservations:batch`): what the rules need is read once
   * for all of them (the SKUs' locations in one query, each channel's rules once); then, without
   * Idempotency-Keys, all of them in one transaction, else each one joins its SKU's group commit.
   * Each answer, or error, is its own.
   */
  async executeMany(items: ReserveInput[]): Promise<ItemOutcome<ReserveAnswer>[]> {
    const scopes = new Map<string, string[]>();
    for (const id of new Set(items.map((i) => i.req.locationId).filter(isDefined)))
      scopes.set(id, await this.directory.subtreeOf(id));
    const scopeOf = (req: ReservationRequest) =>
      req.locationId ? scopes.get(req.locationId) : undefined;
    // Rules are resolved before the transaction so no lock is held while the hierarchy is read.
    const locations = await this.locationsOf(items.map((i) => i.req.sku));
    const inScope = (req: ReservationRequest) =>
      (locations.get(req.sku) ?? []).filter((l) => !scopeOf(req) || scopeOf(req)!.includes(l));
    const limits = new Map<string, Map<string, ChannelLimit>>();
    for (const channel of new Set(items.map((i) => i.req.channel))) {
      const ids = [
        ...new Set(items.filter((i) => i.req.channel === channel).flatMap((i) => inScope(i.req))),
      ];
      limits.set(
        channel,
        this.view.ready
          ? await this.limits.limitsFrom(this.view.rulesOf(channel), ids)
          : await this.limits.limitsFor(channel, ids),
      );
    }
    /** The item as its transaction needs it; called in the request's own context. */
    const itemOf =
      ({ req, key }: ReserveInput) =>
      (): Item => {
        const scope = scopeOf(req);
        const context = RequestContext.current();
        return {
          req,
          key,
          scope: scope ? new Set(scope) : undefined,
          limits: new Map(limits.get(req.channel)),
          origin: { correlationId: context?.correlationId, causationId: context?.causationId },
        };
      };
    if (items.length > 1 && items.every((i) => !i.key)) {
      const together = await this.inOneTransaction(items, itemOf);
      if (together) return together;
    }
    return Promise.all(
      items.map(async (input): Promise<ItemOutcome<ReserveAnswer>> => {
        const { run = (fn) => fn() } = input;
        try {
          return answerOf(await run(() => this.submit(itemOf(input))));
        } catch (error) {
          return { error };
        }
      }),
    );
  }

  /**
   * The items of one call in one transaction, whatever their SKUs: every SKU's positions locked
   * in one statement (in the same order as every other locker), the holds taken in one
   * statement. Undefined when the transaction failed as a whole (a hold refused, the database
   * gone): the caller then runs each item in its SKU's group, so one item's failure stays its
   * own, as the group commit does.
   */
  private async inOneTransaction(
    inputs: ReserveInput[],
    itemOf: (input: ReserveInput) => () => Item,
  ): Promise<ItemOutcome<ReserveAnswer>[] | undefined> {
    const items = await Promise.all(
      inputs.map(async (input) => {
        const { run = (fn) => fn() } = input;
        return run(async () => itemOf(input)());
      }),
    );
    let outcomes: ItemOutcome<Outcome>[];
    try {
      outcomes = await this.commit([...new Set(items.map((i) => i.req.sku))], items);
    } catch (err) {
      this.logger.debug(`batch of ${items.length} reservations retried one by one: ${err}`);
      return undefined;
    }
    return outcomes.map((outcome) => {
      if ('error' in outcome) return outcome;
      if ('inFlight' in outcome.ok) return { error: idempotencyKeyInFlight() }; // keys only
      return answerOf(outcome.ok);
    });
  }

  /**
   * Joins the SKU's group; an item whose Idempotency-Key another request holds waits (bounded,
   * as the platform's interceptor does) and joins a later group, which replays that answer.
   */
  private async submit(item: () => Item) {
    const deadline = Date.now() + this.keyOptions.inFlightWaitMs;
    for (let delay = 10; ; delay = Math.min(delay * 2, 200)) {
      const next = item();
      const outcome = await this.batcher.submit(next.req.sku, next);
      if (!('inFlight' in outcome)) return outcome;
      if (Date.now() >= deadline) throw idempotencyKeyInFlight();
      await sleep(delay);
    }
  }

  /** One transaction for `items` (of `skus`): a SKU's group, or the entries of one batch call. */
  private async commit(skus: string[], items: Item[]): Promise<ItemOutcome<Outcome>[]> {
    inventoryMetrics.reservationGroupSize().observe(items.length);
    const { outcomes, positions } = await this.gate.run(undefined, () =>
      withTxRetry(() => this.db.transaction((m) => this.reserveMany(m, skus, items))),
    );
    this.view.written(positions); // as committed: locked, then the batch's holds added
    return outcomes;
  }

  /**
   * One transaction for a batch of one SKU or many: lock their positions, claim the
   * Idempotency-Keys (a replay or a reused key is answered from its key alone), claim every
   * other order line, choose locations in arrival order against each SKU's running totals, take
   * every hold in one statement, then store each key's answer.
   */
  private async reserveMany(manager: EntityManager, skus: string[], items: Item[]) {
    const positions = await this.positions.lockSkus(manager, skus);
    const ofSku = new Map<string, HeldPosition[]>();
    for (const p of positions) ofSku.set(p.sku, [...(ofSku.get(p.sku) ?? []), p]);
    const outcomes: Array<ItemOutcome<Outcome> | undefined> = await this.byKeys(manager, items);
    const live = items.flatMap((item, i) => (outcomes[i] ? [] : [{ item, i }]));
    const ttl = this.config.env.RESERVATION_TTL_MINUTES;
    const claims = await this.store.claimMany(
      manager,
      live.map(({ item }) => item.req),
      ttl,
    );
    const holds: NewHold[] = [];
    const events: OutgoingEvent<ReservationCreatedEvent>[] = [];
    const fresh = new Map<string, ReservationResult>();
    for (const [n, claim] of claims.entries()) {
      if (!claim.created) continue;
      const { item } = live[n];
      const hold = await this.allocateOne(item, claim.reservation, ofSku.get(item.req.sku) ?? []);
      holds.push(hold);
      events.push(createdEvent(hold, item.origin));
      fresh.set(claim.reservation.id, resultOf(hold));
    }
    await this.holds.holdMany(manager, holds);
    for (const [n, claim] of claims.entries()) {
      outcomes[live[n].i] = claim.created
        ? { ok: { result: fresh.get(claim.reservation.id)!, created: true } }
        : await this.settleExisting(manager, claim.reservation, live[n].item.req, fresh);
    }
    await this.keys.settleIn(
      manager,
      live.flatMap(({ item, i }) => (item.key ? [settlementOf(item.key, outcomes[i]!)] : [])),
    );
    await this.outbox.enqueue(manager, events);
    return { outcomes: outcomes as ItemOutcome<Outcome>[], positions };
  }

  /**
   * Claims the items' Idempotency-Keys in this transaction: a claimed key's item is reserved
   * (undefined here); a replay, a key reused for another request or one still in flight is
   * answered by its key alone.
   */
  private async byKeys(manager: EntityManager, items: Item[]) {
    const keyed = items.flatMap((item, i) => (item.key ? [{ key: item.key, i }] : []));
    const claimed = await this.keys.claimIn(
      manager,
      keyed.map(({ key }) => ({ ...key, leaseMs: this.keyOptions.leaseMs })),
    );
    const outcomes: Array<ItemOutcome<Outcome> | undefined> = items.map(() => undefined);
    keyed.forEach(({ i }, n) => {
      const c = claimed[n];
      if (c.kind === 'replay')
        outcomes[i] = {
          ok: { result: c.body as ReservationResult, created: false, replayed: true },
        };
      else if (c.kind === 'mismatch') outcomes[i] = { error: idempotencyKeyReused() };
      else if (c.kind === 'in_flight') outcomes[i] = { ok: { inFlight: true } };
    });
    return outcomes;
  }

  /** Chooses locations for one new reservation and books them in the running totals. */
  private async allocateOne(
    { req, scope, limits }: Item,
    reservation: ReservationRecord,
    positions: HeldPosition[],
  ): Promise<NewHold> {
    const inScope = positions.filter((p) => !scope || scope.has(p.locationId));
    await this.completeLimits(req.channel, inScope, limits);
    const candidates = inScope.map((p) => ({
      locationId: p.locationId,
      available: channelAvailable(p, p.byChannel[req.channel] ?? 0, limits.get(p.locationId)!),
    }));
    const allocations = allocate(req.quantity, candidates);
    for (const a of allocations) {
      const p = inScope.find((x) => x.locationId === a.locationId)!;
      p.reserved += a.quantity;
      p.byChannel[req.channel] = (p.byChannel[req.channel] ?? 0) + a.quantity;
    }
    return { reservation, allocations, outcome: statusOf(req.quantity, allocations) };
  }

  /** A line that already had a reservation (from before, or earlier in this batch). */
  private async settleExisting(
    manager: EntityManager,
    r: ReservationRecord,
    req: ReservationRequest,
    fresh: Map<string, ReservationResult>,
  ): Promise<ItemOutcome<Outcome>> {
    if (r.sku !== req.sku || r.requested !== req.quantity || r.channel !== req.channel) {
      return {
        error: new InventoryException(
          'reservation-conflict',
          409,
          `order ${req.orderId} line ${req.lineId} already has a reservation for other goods`,
        ),
      };
    }
    const result = fresh.get(r.id) ?? (await this.existing(manager, r));
    return { ok: { result, created: false } };
  }

  /** A location that appeared after the rules were resolved (rare): resolve it now. */
  private async completeLimits(
    channel: string,
    positions: HeldPosition[],
    limits: Map<string, ChannelLimit>,
  ) {
    const missing = positions.map((p) => p.locationId).filter((id) => !limits.has(id));
    if (missing.length === 0) return;
    for (const [k, v] of await this.limits.limitsFor(channel, missing)) limits.set(k, v);
  }

  private async existing(manager: EntityManager, r: ReservationRecord): Promise<ReservationResult> {
    const allocations = await this.store.allocations(manager, r.id);
    return {
      reservationId: r.id,
      status: r.outcome,
      allocations: allocations.map((a) => ({ locationId: a.locationId, quantity: a.quantity })),
    };
  }

  /**
   * The stocking locations of each SKU: from the availability view when it is ready (a location
   * it does not know yet is resolved under the lock, `completeLimits`), else one query.
   */
  private async locationsOf(skus: string[]): Promise<Map<string, string[]>> {
    if (this.view.ready) {
      const bySku = new Map<string, string[]>();
      for (const p of this.view.positions(skus))
        bySku.set(p.sku, [...(bySku.get(p.sku) ?? []), p.locationId]);
      return bySku;
    }
    const rows: Array<{ sku: string; location_id: string }> = await this.db.query(
      `SELECT sku, location_id FROM positions WHERE sku = ANY($1::varchar[])`,
      [[...new Set(skus)]],
    );
    const bySku = new Map<string, string[]>();
    for (const r of rows) bySku.set(r.sku, [...(bySku.get(r.sku) ?? []), r.location_id]);
    return bySku;
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A claimed key completes with its item's answer, or is released when the item failed. */
function settlementOf(key: ReservationKey, outcome: ItemOutcome<Outcome>): IdempotencySettlement {
  const { principal, key: name, status } = key;
  return 'ok' in outcome && 'result' in outcome.ok
    ? { principal, key: name, status, body: outcome.ok.result }
    : { principal, key: name };
}

const isDefined = <T>(v: T | undefined): v is T => v !== undefined;

/** An item's answer, counted once when it created a reservation. */
function answerOf({
  result,
  created,
  replayed = false,
}: {
  result: ReservationResult;
  created: boolean;
  replayed?: boolean;
}): ItemOutcome<ReserveAnswer> {
  if (created) inventoryMetrics.reservations().inc({ outcome: result.status });
  return { ok: { result, replayed } };
}

const resultOf = (h: NewHold): ReservationResult => ({
  reservationId: h.reservation.id,
  status: h.outcome,
  allocations: h.allocations,
});

/** The created reservation's event, with the ids of the request that asked for it. */
function createdEvent(
  { reservation: r, outcome: status, allocations }: NewHold,
  origin: Item['origin'],
): OutgoingEvent<ReservationCreatedEvent> {
  return {
    type: SUBJECTS.RESERVATION_CREATED,
    subject: r.id,
    ...(origin.correlationId ? { correlationid: origin.correlationId } : {}),
    ...(origin.causationId ? { causationid: origin.causationId } : {}),
    data: {
      reservationId: r.id,
      orderId: r.orderId,
      lineId: r.lineId,
      sku: r.sku,
      channel: r.channel,
      requestedQuantity: r.requested,
      status,
      allocations,
      createdAt: new Date(r.createdAt).toISOString(),
    },
  };
}
