import fc from 'fast-check';
import type { Ctx } from './context';
import { isRouteMissing, query } from './context';
import { http, HttpAnswer, json } from './http';
import { ADMIN_KEY, CHANNEL_KEYS, SHOPIFY_SECRET } from './infra/stack';
import { post, shopifyBase, shopifyHeaders } from './load';
import { canonicalOrder, shopifyOrder } from './payloads';

/** One hostile request and the statuses the contract allows for it. */
export interface BadRequest {
  cls: string;
  target: string;
  method: string;
  path: string;
  service: 'order-ingestion' | 'inventory' | 'master-data';
  headers: Record<string, string>;
  body?: string | Buffer;
  expect: number[];
  /** What was varied, for the report's examples. */
  variant?: string;
}

export interface ClassResult {
  tried: number;
  accepted: number;
  fiveXx: number;
  /** Refused, but with a status other than the contract's (still not accepted). */
  otherStatus: number;
  problemJson: number;
  notRun: number;
  statuses: Record<string, number>;
  examples: string[];
}

export interface BadInputReport {
  classes: Record<string, ClassResult>;
  total: Omit<ClassResult, 'statuses' | 'examples'>;
  rowsPersisted: number;
  rowDiff: string[];
}

const JSON_CT = { 'content-type': 'application/json' };
const ORDER = {
  service: 'order-ingestion' as const,
  method: 'POST',
  path: '/v1/orders',
  target: 'POST /v1/orders',
};
const MOVE = {
  service: 'inventory' as const,
  method: 'POST',
  path: '/v1/inventory/movements',
  target: 'POST /v1/inventory/movements',
};
const RESERVE = {
  service: 'inventory' as const,
  method: 'POST',
  path: '/v1/reservations',
  target: 'POST /v1/reservations',
};
const SHOPIFY = {
  service: 'order-ingestion' as const,
  method: 'POST',
  path: '/v1/channels/shopify/orders',
  target: 'POST /v1/channels/shopify/orders',
};

type Body = Record<string, any>;

function orderBody(tag: string, n: number): Body {
  return canonicalOrder('shopify', `${tag}-bad-${n}`, [
    { lineId: '1', sku: `${tag}-SKU-000`, quantity: 1, unitPrice: 1999 },
  ]);
}

function movementBody(tag: string, n: number): Body {
  return {
    eventId: `${tag}-bad-mv-${n}`,
    source: 'faults-bad',
    sourceSequence: n + 1,
    occurredAt: '2026-11-20T08:00:00Z',
    type: 'receipt',
    sku: `${tag}-SKU-000`,
    locationId: `${tag.toLowerCase()}-dc`,
    quantity: 3,
  };
}

function reservationBody(tag: string, n: number): Body {
  return {
    orderId: `${tag}-bad-res-${n}`,
    lineId: '1',
    sku: `${tag}-SKU-000`,
    quantity: 1,
    channel: 'shopify',
  };
}

/** The canonical targets with a valid body generator and the key that may call them. */
function targets(tag: string) {
  return [
    {
      ...ORDER,
      key: CHANNEL_KEYS.shopify,
      body: (n: number) => orderBody(tag, n),
      qty: (b: Body) => b.lines[0],
    },
    { ...MOVE, key: ADMIN_KEY, body: (n: number) => movementBody(tag, n), qty: (b: Body) => b },
    {
      ...RESERVE,
      key: ADMIN_KEY,
      body: (n: number) => reservationBody(tag, n),
      qty: (b: Body) => b,
    },
  ];
}

const setPath = (obj: Body, path: string[], value: unknown): Body => {
  const copy = structuredClone(obj);
  let at: any = copy;
  for (const p of path.slice(0, -1)) at = at[p];
  at[path[path.length - 1]] = value;
  return copy;
};

const WRONG_TYPED: Record<string, string[][]> = {
  'POST /v1/orders': [
    ['channelOrderId'],
    ['orderedAt'],
    ['currency'],
    ['lines'],
    ['customer'],
    ['payment', 'amount'],
    ['lines', '0', 'quantity'],
    ['lines', '0', 'unitPrice'],
    ['lines', '0', 'fulfillment'],
  ],
  'POST /v1/inventory/movements': [
    ['eventId'],
    ['sourceSequence'],
    ['occurredAt'],
    ['type'],
    ['quantity'],
    ['sku'],
  ],
  'POST /v1/reservations': [['orderId'], ['quantity'], ['sku'], ['channel']],
};

/** Values of a JSON type different from `original`'s. */
function wrongTypeOf(original: unknown) {
  const all = [
    fc.integer(),
    fc.boolean(),
    fc.constant(null),
    fc.array(fc.integer(), { maxLength: 3 }),
    fc.dictionary(fc.string({ maxLength: 4 }), fc.integer(), { maxKeys: 2 }),
    fc.string({ maxLength: 8 }),
  ];
  const kind = Array.isArray(original)
    ? 3
    : original === null
      ? 2
      : { number: 0, boolean: 1, string: 5, object: 4 }[typeof original as string];
  return fc.oneof(...all.filter((_, i) => i !== kind));
}

function get(obj: any, path: string[]): unknown {
  return path.reduce((at, p) => at?.[p], obj);
}

type Sampler = <T>(arb: fc.Arbitrary<T>, salt: number) => T[];
type Target = ReturnType<typeof targets>[number];
type Add = (
  cls: string,
  body: string,
  expect: number[],
  headers?: Record<string, string>,
  variant?: string,
) => void;
/** One bad-input class for one canonical target: draws its variants and adds them. */
type ClassGenerator = (t: Target, sample: Sampler, add: Add, salt: number, seed: number) => void;

const malformedJson: ClassGenerator = (t, sample, add, salt) =>
  sample(fc.tuple(fc.nat(), fc.string({ maxLength: 6 })), 1 + salt).forEach(([cut, junk], i) => {
    const text = json(t.body(1000 + i));
    const truncated = text.slice(0, 1 + (cut % (text.length - 1)));
    add('malformed-json', truncated + junk.replace(/[}\]]/g, ''), [400]);
  });

const wrongTypes: ClassGenerator = (t, sample, add, salt, seed) => {
  const paths = WRONG_TYPED[t.target];
  sample(fc.nat(), 20 + salt).forEach((k, i) => {
    const body = t.body(2000 + i);
    const path = paths[k % paths.length];
    const value = fc.sample(wrongTypeOf(get(body, path)), { seed: seed + k, numRuns: 1 })[0];
    const variant = `${path.join('.')} = ${JSON.stringify(value)}`;
    add('wrong-types', json(setPath(body, path, value)), [400, 422], undefined, variant);
  });
};

const MASS_ASSIGNMENT = [
  'status',
  'id',
  'erpRef',
  'createdAt',
  'unitCost',
  'tenantId',
  '__proto__x',
];

const unknownFields: ClassGenerator = (t, sample, add, salt) =>
  sample(
    fc.tuple(
      fc.constantFrom(...MASS_ASSIGNMENT),
      fc.stringMatching(/^[a-z][a-zA-Z0-9]{2,12}$/),
      fc.boolean(),
    ),
    40 + salt,
  ).forEach(([mass, random, useMass], i) => {
    const body = t.body(3000 + i);
    const at = t.target === ORDER.target && i % 2 === 1 ? body.lines[0] : body;
    at[useMass ? mass : `x${random}`] = useMass ? 'forced' : random;
    add('unknown-fields', json(body), [400, 422]);
  });

const BAD_QUANTITIES = [
  '0',
  '-1',
  '-7',
  '1.5',
  '"5"',
  '1e400',
  'null',
  '"NaN"',
  '-0.5',
  '99999999999999999999',
];

const badQuantity: ClassGenerator = (t, sample, add, salt) =>
  sample(fc.constantFrom(...BAD_QUANTITIES), 60 + salt).forEach((raw, i) => {
    const body = t.body(4000 + i);
    t.qty(body).quantity = '__Q__';
    add(
      'bad-quantity',
      json(body).replace('"__Q__"', raw),
      [400, 422],
      undefined,
      `quantity ${raw}`,
    );
  });

const oversized: ClassGenerator = (t, sample, add, salt) =>
  sample(fc.integer({ min: 1, max: 64 * 1024 }), 80 + salt).forEach((extra, i) => {
    const padding = 'x'.repeat(1024 * 1024 + extra);
    add('oversized-body', json({ ...t.body(5000 + i), padding }), [413]);
  });

const deeplyNested: ClassGenerator = (t, sample, add, salt) =>
  sample(fc.tuple(fc.integer({ min: 600, max: 6000 }), fc.boolean()), 100 + salt).forEach(
    ([depth, arrays], i) => {
      const open = arrays ? '['.repeat(depth) : '{"a":'.repeat(depth);
      const close = arrays ? ']'.repeat(depth) : '}'.repeat(depth);
      const body = json({ ...t.body(6000 + i), nested: '__N__' });
      const variant = `depth ${depth} ${arrays ? 'arrays' : 'objects'}`;
      add(
        'deeply-nested',
        body.replace('"__N__"', `${open}1${close}`),
        [400, 413, 422],
        undefined,
        variant,
      );
    },
  );

function textField(t: Target, inId: boolean): string[] {
  if (t.target === ORDER.target) return inId ? ['channelOrderId'] : ['customer', 'name'];
  if (inId) return ['sku'];
  return t.target === MOVE.target ? ['source'] : ['orderId'];
}

const nulAndSurrogates: ClassGenerator = (t, sample, add, salt) =>
  sample(
    fc.tuple(fc.constantFrom('\\u0000', '\\ud800', '\\udfff', '\\ud83d'), fc.nat(), fc.boolean()),
    120 + salt,
  ).forEach(([bad, pos, inId], i) => {
    const body = t.body(7000 + i);
    const field = textField(t, inId);
    const text = String(get(body, field));
    const cut = pos % (text.length + 1);
    const poisoned = `"${text.slice(0, cut)}${bad}${text.slice(cut)}"`;
    const raw = json(setPath(body, field, '__S__')).replace('"__S__"', poisoned);
    add('nul-and-lone-surrogates', raw, [400, 422], undefined, `${field.join('.')} with ${bad}`);
  });

const CONTENT_TYPES = [
  'text/plain',
  'application/xml',
  'multipart/form-data; boundary=x',
  'application/x-www-form-urlencoded',
  'text/html',
];

const wrongContentType: ClassGenerator = (t, sample, add, salt) =>
  sample(fc.constantFrom(...CONTENT_TYPES), 140 + salt).forEach((ct, i) => {
    const headers = { 'content-type': ct, 'x-api-key': t.key };
    add('wrong-content-type', json(t.body(8000 + i)), [400, 415], headers, ct);
  });

const wrongKey: ClassGenerator = (t, sample, add, salt) =>
  sample(
    fc.oneof(
      fc.constant(''),
      fc.string({ minLength: 1, maxLength: 40 }).filter((s) => /^[\x21-\x7e]+$/.test(s)),
      fc.constant(t.key.toUpperCase()),
    ),
    160 + salt,
  ).forEach((key, i) => {
    const headers: Record<string, string> = { ...JSON_CT, ...(key ? { 'x-api-key': key } : {}) };
    add(
      'wrong-or-missing-key',
      json(t.body(9000 + i)),
      [401],
      headers,
      key ? 'wrong key' : 'no key',
    );
  });

const PER_TARGET: ClassGenerator[] = [
  malformedJson,
  wrongTypes,
  unknownFields,
  badQuantity,
  oversized,
  deeplyNested,
  nulAndSurrogates,
  wrongContentType,
  wrongKey,
];

/** fast-check variants of every bad-input class of the contract, reproducible from the seed. */
export function generateBadRequests(
  tag: string,
  seed: number,
  n: number,
  context: { shopifyOrderId?: string },
): BadRequest[] {
  const sample: Sampler = (arb, salt) => fc.sample(arb, { seed: (seed + salt) | 0, numRuns: n });
  const out: BadRequest[] = [];
  targets(tag).forEach((t, salt) => {
    const hdr = { ...JSON_CT, 'x-api-key': t.key };
    const add: Add = (cls, body, expect, headers = hdr, variant) =>
      out.push({
        cls,
        target: t.target,
        method: t.method,
        path: t.path,
        service: t.service,
        headers,
        body,
        expect,
        variant,
      });
    for (const generate of PER_TARGET) generate(t, sample, add, salt, seed);
  });
  out.push(...otherChannel(tag, sample, context));
  out.push(...forgedHmac(tag, seed, sample));
  out.push(...idempotencyReuse(tag, sample));
  out.push(...hostilePaths(sample), ...hostileQueries(sample), ...hostileHeaders(tag, sample));
  return out;
}

type Service = BadRequest['service'];
const READS: Array<{ service: Service; method: string; path: string; target: string }> = [
  {
    service: 'order-ingestion',
    method: 'GET',
    path: '/v1/orders/{}',
    target: 'GET /v1/orders/{id}',
  },
  {
    service: 'order-ingestion',
    method: 'POST',
    path: '/v1/orders/{}/cancel',
    target: 'POST /v1/orders/{id}/cancel',
  },
  {
    service: 'inventory',
    method: 'GET',
    path: '/v1/positions/{}',
    target: 'GET /v1/positions/{sku}',
  },
  {
    service: 'inventory',
    method: 'GET',
    path: '/v1/reservations/{}',
    target: 'GET /v1/reservations/{id}',
  },
  {
    service: 'master-data',
    method: 'GET',
    path: '/v1/products/{}',
    target: 'GET /v1/products/{sku}',
  },
];

/** Path ids no route may take: NUL, control characters, encoded lone surrogates, over-long. */
const BAD_SEGMENTS = fc.oneof(
  fc.constantFrom('a%00b', '%00', 'a%0Ab', 'a%7Fb', '%ED%A0%80', '%ED%BF%BF'),
  fc.integer({ min: 129, max: 4000 }).map((n) => 'x'.repeat(n)),
  fc
    .tuple(fc.stringMatching(/^[a-z0-9-]{1,20}$/), fc.constantFrom('%00', '%01', '%1F', '%0D'))
    .map(([id, ctl]) => `${id}${ctl}`),
);

function hostilePaths(sample: Sampler): BadRequest[] {
  return sample(fc.tuple(fc.nat(), BAD_SEGMENTS), 500).map(([k, segment]) => {
    const route = READS[k % READS.length];
    const post = route.method === 'POST';
    return {
      ...route,
      path: route.path.replace('{}', segment),
      cls: 'hostile-path-parameters',
      headers: {
        'x-api-key': ADMIN_KEY,
        ...(post ? { ...JSON_CT, 'idempotency-key': `bad-path-${k}` } : {}),
      },
      body: post ? '{}' : undefined,
      expect: [400, 404, 414, 422],
      variant: segment.slice(0, 40),
    };
  });
}

const LISTS: Array<{ service: Service; path: string; params: string[] }> = [
  {
    service: 'order-ingestion',
    path: '/v1/orders',
    params: ['limit', 'cursor', 'status', 'channel'],
  },
  { service: 'inventory', path: '/v1/availability/FT-SKU', params: ['locationId', 'channel'] },
  { service: 'inventory', path: '/v1/positions/FT-SKU/ledger', params: ['limit', 'after'] },
];

/** Query values no parameter may take, declared or not. */
const BAD_QUERY_VALUES = fc.oneof(
  fc.constantFrom(
    'a%00b',
    '%0D%0A',
    '%7F',
    '-5',
    '1e309',
    'NaN',
    '0x10',
    '99999999999999999999999',
  ),
  fc.integer({ min: 513, max: 3000 }).map((n) => 'q'.repeat(n)),
);

function hostileQueries(sample: Sampler): BadRequest[] {
  return sample(fc.tuple(fc.nat(), BAD_QUERY_VALUES, fc.boolean()), 520).flatMap(
    ([k, value, undeclared]) => {
      const list = LISTS[k % LISTS.length];
      const name = undeclared ? 'undeclared' : list.params[k % list.params.length];
      // A numeric-looking value is only refused where the parameter is numeric.
      const numeric = /^(-5|1e309|NaN|0x10|9+)$/.test(value);
      if (numeric && !['limit', 'after'].includes(name)) return [];
      return [
        {
          service: list.service,
          method: 'GET',
          path: `${list.path}?${name}=${value}`,
          target: `GET ${list.path}?${name}`,
          cls: 'hostile-query-parameters',
          headers: { 'x-api-key': ADMIN_KEY },
          expect: [400, 414, 422],
          variant: `${name}=${value.slice(0, 30)}`,
        },
      ];
    },
  );
}

/** Headers that must refuse an otherwise valid request: keys and idempotency keys out of shape. */
function hostileHeaders(tag: string, sample: Sampler): BadRequest[] {
  const cases = fc.oneof(
    fc.integer({ min: 1025, max: 12_000 }).map((n) => ['x-api-key', 'k'.repeat(n), 401] as const),
    fc.constantFrom(
      ['x-api-key', `${CHANNEL_KEYS.shopify}\u00e9`, 401] as const,
      ['x-api-key', ` ${CHANNEL_KEYS.shopify}x`, 401] as const,
    ),
    fc
      .integer({ min: 256, max: 4000 })
      .map((n) => ['idempotency-key', 'i'.repeat(n), 422] as const),
    fc.constantFrom(
      ['content-type', 'application/x-ndjson', 415] as const,
      ['content-type', 'application/json-seq', 415] as const,
    ),
  );
  return sample(cases, 540).map(([name, value, status], i) => {
    const headers: Record<string, string> = { ...JSON_CT, 'x-api-key': CHANNEL_KEYS.shopify };
    headers[name] = value;
    return {
      ...ORDER,
      cls: 'hostile-headers',
      headers,
      body: json(orderBody(tag, 11_000 + i)),
      expect: [status, 400],
      variant: `${name}: ${value.slice(0, 30)}`,
    };
  });
}

function otherChannel(
  tag: string,
  sample: Sampler,
  context: { shopifyOrderId?: string },
): BadRequest[] {
  const out: BadRequest[] = [];
  sample(
    fc.constantFrom('amazon', 'pos', 'bigcommerce') as fc.Arbitrary<keyof typeof CHANNEL_KEYS>,
    200,
  ).forEach((ch, i) => {
    const key = CHANNEL_KEYS[ch];
    out.push({
      ...ORDER,
      cls: 'another-channels-resources',
      headers: { ...JSON_CT, 'x-api-key': key },
      body: json(orderBody(tag, 10_000 + i)),
      expect: [403, 404],
    });
    out.push({
      ...RESERVE,
      cls: 'another-channels-resources',
      headers: { ...JSON_CT, 'x-api-key': key },
      body: json(reservationBody(tag, 10_000 + i)),
      expect: [403, 404],
    });
    if (!context.shopifyOrderId) return;
    const id = context.shopifyOrderId;
    out.push({
      service: 'order-ingestion',
      target: 'GET /v1/orders/{id}',
      method: 'GET',
      path: `/v1/orders/${id}`,
      cls: 'another-channels-resources',
      headers: { 'x-api-key': key },
      expect: [403, 404],
    });
    out.push({
      service: 'order-ingestion',
      target: 'POST /v1/orders/{id}/cancel',
      method: 'POST',
      path: `/v1/orders/${id}/cancel`,
      cls: 'another-channels-resources',
      headers: { ...JSON_CT, 'x-api-key': key, 'idempotency-key': `${tag}-bola-${i}` },
      body: '{}',
      expect: [403, 404],
    });
  });
  return out;
}

function forgedHmac(tag: string, seed: number, sample: Sampler): BadRequest[] {
  const base = shopifyBase({ rng: { seed } as never }) + 8_000;
  return sample(
    fc.tuple(
      fc.constantFrom('random', 'missing', 'byte-changed', 'wrong-secret', 'reserialised'),
      fc.base64String({ minLength: 44, maxLength: 44 }),
      fc.nat(),
    ),
    300,
  ).map(([how, sig, pos], i) => {
    const raw = json(
      shopifyOrder(base + i, [
        { lineId: '1', sku: `${tag}-SKU-000`, quantity: 1, unitPrice: 1999 },
      ]),
    );
    const headers: Record<string, string> = {
      ...JSON_CT,
      ...shopifyHeaders(raw, `${tag}-forged-${i}`),
    };
    let body = raw;
    if (how === 'random') headers['x-shopify-hmac-sha256'] = sig;
    if (how === 'missing') delete headers['x-shopify-hmac-sha256'];
    if (how === 'wrong-secret')
      headers['x-shopify-hmac-sha256'] = shopifyHeaders(raw, 'x', `${SHOPIFY_SECRET}-old`)[
        'x-shopify-hmac-sha256'
      ];
    if (how === 'byte-changed') {
      const at = raw.indexOf('"quantity":1') + 11;
      body = raw.slice(0, at) + String(2 + (pos % 7)) + raw.slice(at + 1);
    }
    if (how === 'reserialised') body = JSON.stringify(JSON.parse(raw), null, 2);
    return { ...SHOPIFY, cls: 'forged-hmac', headers, body, expect: [401] };
  });
}

function idempotencyReuse(tag: string, sample: Sampler): BadRequest[] {
  return sample(
    fc.tuple(fc.integer({ min: 2, max: 50 }), fc.integer({ min: 1, max: 99999 })),
    400,
  ).map(([qty, price], i) => {
    const body = orderBody(tag, 0);
    body.lines[0].quantity = qty;
    body.lines[0].unitPrice = price + (i === 0 ? 1 : 0);
    body.payment.amount = qty * body.lines[0].unitPrice;
    return {
      ...ORDER,
      cls: 'idempotency-key-reused-with-other-body',
      headers: {
        ...JSON_CT,
        'x-api-key': CHANNEL_KEYS.shopify,
        'idempotency-key': `${tag}-reused-key`,
      },
      body: json(body),
      expect: [422],
    };
  });
}

/** The valid request whose Idempotency-Key the reuse class replays with other bodies. */
export function idempotencySeedRequest(tag: string) {
  return {
    url: ORDER.path,
    body: json(orderBody(tag, 0)),
    headers: { 'x-api-key': CHANNEL_KEYS.shopify, 'idempotency-key': `${tag}-reused-key` },
  };
}

/**
 * Tables that change without any request (consumers, schedulers, inventory's periodic ERP
 * posting into the simulator): left out of the row diff.
 */
const BACKGROUND_TABLES = new Set([
  'inventory_adjustment',
  'inbox',
  'availability_dirty',
  'availability_published',
  'erp_pending',
  'erp_batches',
  'call_log',
  'migrations',
  'security_events',
  'typeorm_metadata',
]);

export async function rowCounts(ctx: Ctx): Promise<Map<string, number>> {
  const tables = await query<{ s: string; t: string }>(
    ctx,
    `SELECT table_schema AS s, table_name AS t FROM information_schema.tables
      WHERE table_type = 'BASE TABLE' AND table_schema IN ('order_ingestion','inventory','returns','master_data','backoffice_simulator')`,
  );
  const out = new Map<string, number>();
  for (const { s, t } of tables.rows) {
    if (BACKGROUND_TABLES.has(t)) continue;
    const res = await query<{ n: number }>(ctx, `SELECT count(*)::int AS n FROM ${s}."${t}"`);
    if (!res.error) out.set(`${s}.${t}`, res.rows[0].n);
  }
  return out;
}

async function send(ctx: Ctx, r: BadRequest): Promise<HttpAnswer> {
  return http({
    method: r.method,
    url: `${ctx.stack.url(r.service)}${r.path}`,
    headers: r.headers,
    body: r.body,
    timeoutMs: 20_000,
  });
}

// Until fulfilled: an order handed to the WMS ships later, and its shipment consumes stock
// (inventory movements and their events), which must not land inside the campaign.
const IN_FLIGHT = new Set([
  'received',
  'reserved',
  'backordered',
  'awaiting_erp',
  'erp_confirmed',
  'partially_fulfilled',
]);

/** Waits (at most 60 s) until an order has left the pipeline, the ERP stage and the WMS. */
async function orderSettled(ctx: Ctx, orderId: string | undefined): Promise<void> {
  if (!orderId) return;
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    const res = await http({
      method: 'GET',
      url: `${ctx.stack.url('order-ingestion')}/v1/orders/${orderId}`,
      headers: { 'x-api-key': ADMIN_KEY },
      timeoutMs: 5000,
    });
    if (res.status === 200 && !IN_FLIGHT.has(res.json?.status)) return;
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** Row counts once two readings 2 s apart agree (at most 30 s): nothing else is still writing. */
async function quietRowCounts(ctx: Ctx): Promise<Map<string, number>> {
  const same = (a: Map<string, number>, b: Map<string, number>) =>
    a.size === b.size && [...a].every(([t, n]) => b.get(t) === n);
  let last = await rowCounts(ctx);
  const deadline = Date.now() + 30_000;
  for (;;) {
    await new Promise((r) => setTimeout(r, 2000));
    const now = await rowCounts(ctx);
    if (same(last, now) || Date.now() > deadline) return now;
    last = now;
  }
}

/** Runs the campaign at quiescence; every class is counted, nothing may be accepted or stored. */
export async function badInputCampaign(
  ctx: Ctx,
  context: { shopifyOrderId?: string },
): Promise<BadInputReport> {
  const seedReq = idempotencySeedRequest(ctx.catalog.tag);
  const seed = await post(
    `${ctx.stack.url('order-ingestion')}${seedReq.url}`,
    seedReq.body,
    seedReq.headers,
  );
  // The seed is a valid order: its pipeline (reservations in inventory, ERP, timeline) must be
  // over before the "before" counts, or its own rows would be charged to the bad inputs.
  await orderSettled(ctx, seed.json?.orderId);
  const before = await quietRowCounts(ctx);
  const requests = generateBadRequests(
    ctx.catalog.tag,
    ctx.rng.seed,
    ctx.profile.badInputVariants,
    context,
  );
  const classes: Record<string, ClassResult> = {};
  const queue = [...requests];
  const worker = async () => {
    for (let r = queue.shift(); r; r = queue.shift()) tally(classes, r, await send(ctx, r));
  };
  await Promise.all(Array.from({ length: 8 }, worker));
  await new Promise((r) => setTimeout(r, 2000));
  const after = await rowCounts(ctx);
  const rowDiff = [...after]
    .filter(([t, n]) => n !== (before.get(t) ?? 0))
    .map(([t, n]) => `${t}: ${before.get(t) ?? 0} -> ${n}`);
  const rowsPersisted = [...after].reduce(
    (acc, [t, n]) => acc + Math.max(0, n - (before.get(t) ?? 0)),
    0,
  );
  return { classes, total: totalOf(classes), rowsPersisted, rowDiff };
}

function tally(classes: Record<string, ClassResult>, r: BadRequest, res: HttpAnswer): void {
  const c = (classes[r.cls] ??= {
    tried: 0,
    accepted: 0,
    fiveXx: 0,
    otherStatus: 0,
    problemJson: 0,
    notRun: 0,
    statuses: {},
    examples: [],
  });
  if (isRouteMissing(res.status, res.text)) {
    c.notRun++;
    return;
  }
  c.tried++;
  const s = res.status;
  c.statuses[String(s ?? res.error)] = (c.statuses[String(s ?? res.error)] ?? 0) + 1;
  if (s !== undefined && s < 300) c.accepted++;
  if (s === undefined || s >= 500) c.fiveXx++;
  if (s !== undefined && s >= 300 && s < 500 && !r.expect.includes(s)) c.otherStatus++;
  if ((res.headers?.get('content-type') ?? '').includes('application/problem+json'))
    c.problemJson++;
  const bad = s === undefined || s < 300 || s >= 500;
  if (bad && c.examples.length < 3)
    c.examples.push(
      `${r.target}${r.variant ? ` (${r.variant})` : ''} -> ${s ?? res.error}: ${res.text.slice(0, 120)}`,
    );
}

function totalOf(classes: Record<string, ClassResult>) {
  const t = { tried: 0, accepted: 0, fiveXx: 0, otherStatus: 0, problemJson: 0, notRun: 0 };
  for (const c of Object.values(classes))
    for (const k of Object.keys(t) as Array<keyof typeof t>) t[k] += c[k];
  return t;
}
