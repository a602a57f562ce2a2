// The product under test, seen from outside: HTTP calls with the bench keys, the routes its
// OpenAPI documents publish (a figure whose route is missing is "not measured"), seeding of
// master data and stock, and the back-office simulator's admin routes.
import { ADMIN_KEY } from './stack.mjs';
import { FIXTURE_MAPPINGS, FIXTURE_SKUS, FIXTURE_STORES } from './payloads.mjs';
import { sleep } from './http.mjs';
import { slotTime } from './stats.js';
import { labelOf, metricSamples } from './metrics-text.js';

export const DC = 'dc-east';
const PIPELINE_STATUSES = ['received', 'reserved', 'awaiting_erp'];

export class Product {
  constructor({ stack, client, log }) {
    Object.assign(this, { stack, client, log });
    this.routes = new Map();
  }

  call(service, method, path, body, headers = {}) {
    return this.client.request(method, `${this.stack.url(service)}${path}`, {
      body,
      headers: { 'x-api-key': ADMIN_KEY, ...headers },
    });
  }

  /** Routes from each service's /docs-json, as "METHOD /path/{param}". */
  async loadRoutes() {
    for (const service of [
      'order-ingestion',
      'inventory',
      'returns',
      'master-data',
      'backoffice-simulator',
    ]) {
      const res = await this.call(service, 'GET', '/docs-json');
      const doc = res.status === 200 ? res.json() : undefined;
      const set = new Set();
      for (const [path, ops] of Object.entries(doc?.paths ?? {}))
        for (const method of Object.keys(ops)) set.add(`${method.toUpperCase()} ${path}`);
      this.routes.set(service, doc ? set : null);
    }
  }

  /** null when the route is documented (or the docs could not be read), else the reason. */
  missing(service, ...routes) {
    const set = this.routes.get(service);
    if (!set) return null;
    const absent = routes.filter((r) => !set.has(r));
    return absent.length ? `route missing: ${service} ${absent.join(', ')}` : null;
  }

  async must(res, what) {
    if (res.status >= 200 && res.status < 300) return res;
    throw new Error(`${what}: HTTP ${res.status} ${res.text?.slice(0, 300)}`);
  }

  async putLocation(id, type, parentId, capabilities) {
    const body = { name: id, type, ...(parentId ? { parentId } : {}), capabilities, version: 1 };
    return this.must(
      await this.call('master-data', 'PUT', `/v1/locations/${id}`, body),
      `location ${id}`,
    );
  }

  async putProduct(sku, erpItemId = `NS-${sku}`) {
    const body = {
      name: sku,
      erpItemId,
      status: 'active',
      serialTracked: false,
      lotTracked: false,
      returnable: true,
      returnWindowDays: 30,
      restockingFeePercent: 0,
      version: 1,
    };
    return this.must(
      await this.call('master-data', 'PUT', `/v1/products/${sku}`, body),
      `product ${sku}`,
    );
  }

  async receipt(sku, locationId, quantity, tag) {
    return this.must(
      await this.call('inventory', 'POST', '/v1/inventory/movements', [
        seedReceipt(sku, locationId, quantity, tag),
      ]),
      `receipt ${sku}`,
    );
  }

  /** One receipt of `quantity` on each SKU at `locationId`, up to 1,000 movements per call. */
  async receiveMany(skus, locationId, quantity, tag) {
    for (let i = 0; i < skus.length; i += 1000) {
      const batch = skus
        .slice(i, i + 1000)
        .map((sku) => seedReceipt(sku, locationId, quantity, tag));
      await this.must(
        await this.call('inventory', 'POST', '/v1/inventory/movements', batch),
        'receipts',
      );
    }
  }

  /** Locations, products, channel mappings, stock. Extra SKUs (movements, hot SKUs) get products too. */
  async seed(extraSkus) {
    const cap = (ship, pickup) => ({ ship, pickup, shipFromStore: pickup, returns: true });
    await this.putLocation('network', 'network', undefined, cap(false, false));
    await this.putLocation(DC, 'dc', 'network', cap(true, false));
    for (const store of FIXTURE_STORES)
      await this.putLocation(store, 'store', 'network', cap(false, true));
    const skus = [...FIXTURE_SKUS, ...extraSkus];
    for (let i = 0; i < skus.length; i += 8)
      await Promise.all(skus.slice(i, i + 8).map((s) => this.putProduct(s)));
    for (const [channel, channelSku, sku] of FIXTURE_MAPPINGS)
      await this.must(
        await this.call('master-data', 'PUT', `/v1/channel-mappings/${channel}/${channelSku}`, {
          sku,
        }),
        `mapping ${channelSku}`,
      );
    for (const sku of FIXTURE_SKUS)
      for (const loc of [DC, ...FIXTURE_STORES]) await this.receipt(sku, loc, 1_000_000, 'fixture');
  }

  /**
   * Calls order-ingestion made to each dependency so far (its `retail_dependency_calls_total`
   * counter, all outcomes): the bench takes the difference around a phase.
   */
  async dependencyCalls(service = 'order-ingestion') {
    const res = await this.call(service, 'GET', '/metrics');
    const calls = {};
    if (res.status !== 200) return calls;
    for (const { labels, value } of metricSamples(res.text, 'retail_dependency_calls_total')) {
      const dependency = labelOf(labels, 'dependency') ?? '?';
      calls[dependency] = (calls[dependency] ?? 0) + value;
    }
    return calls;
  }

  /**
   * order-ingestion's view of the ERP at this moment, from its /metrics: the governor's adaptive
   * limit and calls in flight (all replicas), and the ERP jobs pending or running.
   */
  async erpGauges() {
    const res = await this.call('order-ingestion', 'GET', '/metrics');
    if (res.status !== 200) return undefined;
    const read = (name) => metricSamples(res.text, name)[0]?.value;
    /** A histogram's sum and count over the label sets that match. */
    const totals = (name, match = '') => {
      const sum = (suffix) =>
        metricSamples(res.text, `${name}_${suffix}`)
          .filter((m) => m.labels.includes(match))
          .reduce((n, m) => n + m.value, 0);
      return { sum: sum('sum'), count: sum('count') };
    };
    return {
      limit: read('retail_erp_governor_limit'),
      inFlight: read('retail_erp_governor_in_flight'),
      erpQueue: read('retail_erp_queue_depth'),
      calls: totals('retail_erp_call_seconds'),
      handoffs: totals('retail_erp_governor_round_trip_seconds', 'step="handoff"'),
    };
  }

  async simStats() {
    const res = await this.call('backoffice-simulator', 'GET', '/admin/stats');
    return res.status === 200 ? res.json() : undefined;
  }

  async simFaults(erp) {
    return this.must(
      await this.call('backoffice-simulator', 'POST', '/admin/faults', { erp }),
      'simulator faults',
    );
  }

  async simReset() {
    return this.must(
      await this.call('backoffice-simulator', 'POST', '/admin/reset'),
      'simulator reset',
    );
  }

  /**
   * The first order accepted since `since` and the first ERP confirmation among those orders
   * (order-ingestion's own tables, read-only): how long a burst waits for its first ERP call.
   */
  async firstErpConfirmation(since) {
    if (!this.db) return undefined;
    const { rows } = await this.db.query(
      `SELECT min(o.created_at) AS first_order, min(t.at) AS first_confirmed
         FROM order_ingestion.orders o
         LEFT JOIN order_ingestion.order_timeline t
           ON t.order_id = o.id AND t.step = 'erp-create' AND t.to_status = 'erp_confirmed'
        WHERE o.created_at >= $1`,
      [since],
    );
    const [r] = rows;
    if (!r?.first_order || !r?.first_confirmed) return undefined;
    return {
      firstOrder: r.first_order,
      firstConfirmed: r.first_confirmed,
      firstConfirmedSteps: await this.firstConfirmedSteps(since),
    };
  }

  /** Where the first confirmed order's time went: each timeline step, ms after its accept. */
  async firstConfirmedSteps(since) {
    const { rows } = await this.db.query(
      `WITH first AS (
         SELECT o.id, o.created_at FROM order_ingestion.orders o
           JOIN order_ingestion.order_timeline t ON t.order_id = o.id
          WHERE o.created_at >= $1 AND t.step = 'erp-create' AND t.to_status = 'erp_confirmed'
          ORDER BY t.at LIMIT 1)
       SELECT t.step, round(extract(epoch FROM t.at - first.created_at) * 1000)::int AS ms
         FROM first JOIN order_ingestion.order_timeline t ON t.order_id = first.id
        ORDER BY t.at`,
      [since],
    );
    return Object.fromEntries(rows.map((s) => [s.step, s.ms]));
  }

  /**
   * Orders still inside the pipeline (received, reserved, awaiting_erp). Counted in the
   * order service's table when the bench can read it (an observer's read, exact and cheap),
   * else through GET /v1/orders?status= pages (capped at 1000 per status).
   */
  async pipelinePending() {
    if (this.db) {
      try {
        // Per pipeline step too: after a burst all orders stay `received` for a while, but
        // their step moves on (progress, not a stall).
        const { rows } = await this.db.query(
          `SELECT step, count(*)::int AS n FROM order_ingestion.orders
            WHERE status = ANY($1) GROUP BY step ORDER BY step`,
          [PIPELINE_STATUSES],
        );
        this.lastSteps = rows.map((r) => `${r.step}:${r.n}`).join(' ');
        return rows.reduce((a, r) => a + r.n, 0);
      } catch {
        this.db = undefined;
      }
    }
    let pending = 0;
    for (const status of PIPELINE_STATUSES) {
      let cursor = '';
      for (let page = 0; page < 5; page++) {
        const res = await this.call(
          'order-ingestion',
          'GET',
          `/v1/orders?status=${status}&limit=200${cursor}`,
        );
        if (res.status !== 200) return null;
        const body = res.json();
        pending += body?.items?.length ?? 0;
        if (!body?.nextCursor) break;
        cursor = `&cursor=${body.nextCursor}`;
      }
    }
    return pending;
  }

  /**
   * Waits until the order pipeline is idle: no order left in a pipeline status and the ERP's
   * request count still for `stillMs`. Gives up when nothing moved for `stallMs` (orders stuck)
   * or after `maxMs`. Returns { waitedMs, pending }.
   */
  async waitQuiet({ stillMs = 2000, stallMs = 60_000, maxMs = 180_000, label = 'pipeline' } = {}) {
    const started = Date.now();
    let last = '';
    let since = Date.now();
    let lastLog = Date.now();
    let pending = null;
    let pendingAtStart = null;
    // The ERP's slot time (the simulator's admittedBusyMs) at the start and at the last change.
    const busy = { atStart: undefined, atChange: undefined };
    // order-ingestion's governed calls and hand-offs (histogram totals), and the simulator's
    // admitted calls: where a slot's time went between the start and the last change.
    const slot = { atStart: undefined, atChange: undefined, latest: undefined };
    // The governor's limit, calls in flight and the ERP queue, once a second while it drains.
    const gauges = { limit: [], inFlight: [], erpQueue: [] };
    const sampled = () =>
      Object.fromEntries(
        Object.entries(gauges).map(([k, v]) => {
          const sorted = v.filter(Number.isFinite).sort((a, b) => a - b);
          const at = (q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
          return [k, sorted.length ? { min: sorted[0], median: at(0.5), max: at(1) } : null];
        }),
      );
    while (Date.now() - started < maxMs) {
      const erp = (await this.simStats())?.erp;
      const total = erp?.requests?.total ?? 0;
      pending = await this.pipelinePending();
      pendingAtStart ??= pending;
      const g = await this.erpGauges().catch(() => undefined);
      if (pending) for (const k of Object.keys(gauges)) gauges[k].push(g?.[k]);
      slot.latest = g && {
        calls: g.calls,
        handoffs: g.handoffs,
        admitted: erp?.requests?.admitted,
      };
      slot.atStart ??= slot.latest;
      busy.atStart ??= erp?.admittedBusyMs;
      const state = `${total}/${pending}/${this.lastSteps ?? ''}`;
      if (state !== last) {
        [last, since, busy.atChange] = [state, Date.now(), erp?.admittedBusyMs];
        slot.atChange = slot.latest;
      }
      const still = Date.now() - since;
      // settledMs: until the last change seen, without the quiet period that confirms it.
      if ((!pending && still >= stillMs) || still >= stallMs)
        return {
          waitedMs: Date.now() - started,
          settledMs: since - started,
          pendingAtStart,
          pending,
          erpBusyMs: busy.atChange - busy.atStart,
          erpMaxConcurrency: erp?.maxConcurrency,
          erpGauges: sampled(),
          erpSlot: slotTime(slot.atStart, slot.atChange, busy.atChange - busy.atStart),
        };
      if (Date.now() - lastLog > 5000) {
        this.log(
          `  … waiting for the ${label} to settle (${Math.round((Date.now() - started) / 1000)} s, ${pending ?? '?'} orders in the pipeline${this.lastSteps ? ` (${this.lastSteps})` : ''}, ERP requests ${total})`,
        );
        lastLog = Date.now();
      }
      await sleep(1000);
    }
    return { waitedMs: Date.now() - started, pending, timedOut: true };
  }
}

/** A receipt of seed stock (its own source, so it never collides with the load's sequences). */
function seedReceipt(sku, locationId, quantity, tag) {
  return {
    eventId: `seed-${tag}-${sku}-${locationId}`,
    source: 'bench-seed',
    sourceSequence: Date.now(),
    occurredAt: new Date().toISOString(),
    type: 'receipt',
    sku,
    locationId,
    quantity,
  };
}
