import { DataSource } from 'typeorm';
import { startTestService, TEST_ADMIN_KEY, TestService } from '../../src';
import { loadWidgetConfig, WIDGET_APP_OPTIONS, WidgetAppModule } from './fixture/widget-app';

const def = {
  name: 'widgets',
  schemaBase: 'widgets',
  loadConfig: loadWidgetConfig,
  module: (c: ReturnType<typeof loadWidgetConfig>) => WidgetAppModule.register(c),
  appOptions: WIDGET_APP_OPTIONS,
};
const valid = { channel: 'shopify', name: 'w', quantity: 2, parts: [{ name: 'p', quantity: 1 }] };

describe('the contract cross-cutting HTTP rules', () => {
  let svc: TestService<ReturnType<typeof loadWidgetConfig>>;
  const count = async () =>
    Number((await svc.app.get(DataSource).query('SELECT count(*) FROM widgets'))[0].count);
  const post = (body: unknown, headers: Record<string, string> = {}) =>
    svc
      .http()
      .post('/v1/widgets')
      .set({ 'x-api-key': TEST_ADMIN_KEY, ...headers })
      .send(body as object);

  beforeAll(async () => {
    svc = await startTestService(def, { HTTP_RATE_LIMIT_PER_MINUTE: '100000' });
  });
  afterAll(() => svc?.close());
  beforeEach(() => svc.app.get(DataSource).query('TRUNCATE widgets, idempotency_keys'));

  const badInputs: Array<[string, () => ReturnType<typeof post>, number]> = [
    ['malformed JSON', () => post('{"channel":').set('content-type', 'application/json'), 400],
    ['missing API key', () => svc.http().post('/v1/widgets').send(valid), 401],
    ['unknown API key', () => post(valid, { 'x-api-key': 'nope' }), 401],
    [
      "another channel's resource",
      () => post({ ...valid, channel: 'amazon' }, { 'x-api-key': 'shopify-key' }),
      403,
    ],
    [
      'a channel key on an admin route',
      () => svc.http().post('/v1/widgets/admin-only').set('x-api-key', 'shopify-key').send({}),
      403,
    ],
    ['body over 1 MiB', () => post({ ...valid, name: 'x'.repeat(1024 * 1024 + 10) }), 413],
    ['wrong content type', () => post('channel=shopify').set('content-type', 'text/plain'), 415],
    ['unknown field', () => post({ ...valid, sneaky: true }), 422],
    [
      'unknown nested field',
      () => post({ ...valid, parts: [{ name: 'p', quantity: 1, extra: 1 }] }),
      422,
    ],
    ['wrong type', () => post({ ...valid, quantity: '2' }), 422],
    ['negative quantity', () => post({ ...valid, quantity: -1 }), 422],
    ['zero quantity', () => post({ ...valid, quantity: 0 }), 422],
    ['float quantity', () => post({ ...valid, quantity: 1.5 }), 422],
    ['NUL byte', () => post({ ...valid, name: 'a\u0000b' }), 422],
    [
      'lone surrogate',
      () =>
        post('{"channel":"shopify","name":"\\ud800","quantity":1}').set(
          'content-type',
          'application/json',
        ),
      422,
    ],
    ['deep nesting', () => post(JSON.parse('{"a":'.repeat(40) + '1' + '}'.repeat(40))), 422],
    ['a JSON array instead of an object', () => post([valid]), 422],
  ];

  it.each(badInputs)(
    '%s gets its status, problem+json, and persists nothing',
    async (_label, send, status) => {
      const res = await send();
      expect(res.status).toBe(status);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.body).toMatchObject({
        status,
        type: expect.any(String),
        title: expect.any(String),
        detail: expect.any(String),
      });
      expect(res.body.correlationId).toBe(res.headers['x-correlation-id']);
      if (status === 422 && res.body.type.endsWith('validation-failed'))
        expect(res.body.errors.length).toBeGreaterThan(0);
      expect(await count()).toBe(0);
    },
  );

  const get = (path: string, key = TEST_ADMIN_KEY) => svc.http().get(path).set('x-api-key', key);
  const pathAndQueryInputs: Array<[string, string, number]> = [
    ['NUL in a path id', '/v1/widgets/a%00b', 422],
    ['a control character in a path id', '/v1/widgets/a%0Ab', 422],
    ['a lone surrogate in a path id', '/v1/widgets/%ED%A0%80', 400],
    ['a path id over 128 characters', `/v1/widgets/${'x'.repeat(129)}`, 422],
    ['a path id far over the router limit', `/v1/widgets/${'x'.repeat(5000)}`, 422],
    ['a path that does not decode', '/v1/widgets/%E0%A4%A', 400],
    ['NUL in a query value', '/v1/widgets/1?q=a%00b', 422],
    ['a query value over 512 characters', `/v1/widgets/1?q=${'y'.repeat(513)}`, 422],
  ];

  it.each(pathAndQueryInputs)(
    '%s is refused 4xx problem+json by the one input policy',
    async (_label, path, status) => {
      const res = await get(path);
      expect(res.status).toBe(status);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.body.correlationId).toBe(res.headers['x-correlation-id']);
    },
  );

  it('checks the key before reading a body, and refuses NDJSON on a JSON route before parsing', async () => {
    const ndjsonAs = (headers: Record<string, string>, body: string | Buffer) =>
      svc
        .http()
        .post('/v1/widgets')
        .set({ 'content-type': 'application/x-ndjson', ...headers })
        .send(body);
    const admin = { 'x-api-key': TEST_ADMIN_KEY };
    const noKey = await ndjsonAs({}, Buffer.alloc(2 * 1024 * 1024, 'a'));
    expect(noKey.status).toBe(401);
    expect(noKey.headers['www-authenticate']).toContain('x-api-key');
    const ndjson = await ndjsonAs(admin, '{"channel":"shopify"}\n');
    expect(ndjson.status).toBe(415);
    expect(ndjson.headers['content-type']).toContain('application/problem+json');
    const big = await ndjsonAs(admin, Buffer.alloc(2 * 1024 * 1024, 'a'));
    expect([413, 415]).toContain(big.status);
    expect(await count()).toBe(0);
  });

  it('refuses JSON nested thousands deep as 422 problem+json, not a stack overflow', async () => {
    const res = await post('['.repeat(5000) + ']'.repeat(5000)).set(
      'content-type',
      'application/json',
    );
    expect(res.status).toBe(422);
    expect(res.body.type).toContain('too-deep');
    expect(res.body.detail).not.toMatch(/stack/i);
  });

  it('reports validation problems with field paths', async () => {
    const res = await post({ ...valid, parts: [{ name: 'p', quantity: 0 }] }).expect(422);
    expect(res.body.errors).toEqual(
      expect.arrayContaining([expect.objectContaining({ field: 'parts.0.quantity' })]),
    );
  });

  it('404s unknown routes and unknown resources with problem+json', async () => {
    const a = await svc.http().get('/v1/nothing-here').set('x-api-key', TEST_ADMIN_KEY).expect(404);
    expect(a.headers['content-type']).toContain('application/problem+json');
    const b = await svc.http().get('/v1/widgets/999').set('x-api-key', TEST_ADMIN_KEY).expect(404);
    expect(b.body.status).toBe(404);
  });

  it('echoes a given correlation id', async () => {
    const res = await post(valid, { 'x-correlation-id': 'corr-123' }).expect(201);
    expect(res.headers['x-correlation-id']).toBe('corr-123');
  });

  it('replays the first response for the same key and body', async () => {
    const first = await post(valid, { 'Idempotency-Key': 'k-1' }).expect(201);
    const again = await post(valid, { 'Idempotency-Key': 'k-1' }).expect(201);
    expect(again.body).toEqual(first.body);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(first.headers['idempotent-replayed']).toBeUndefined();
    expect(await count()).toBe(1);
  });

  it('answers 422 for the same key with a different body', async () => {
    await post(valid, { 'Idempotency-Key': 'k-2' }).expect(201);
    const res = await post({ ...valid, quantity: 3 }, { 'Idempotency-Key': 'k-2' }).expect(422);
    expect(res.body.type).toContain('idempotency-key-reused');
    expect(await count()).toBe(1);
  });

  it('scopes keys per principal', async () => {
    await post(valid, { 'Idempotency-Key': 'k-3' }).expect(201);
    await post(valid, { 'Idempotency-Key': 'k-3', 'x-api-key': 'shopify-key' }).expect(201);
    expect(await count()).toBe(2);
  });

  it('takes over a key whose first request died once its lease has expired, and not before', async () => {
    await post(valid, { 'Idempotency-Key': 'k-dead' }).expect(201);
    const db = svc.app.get(DataSource);
    // As if the first request's replica died mid-request: its claim is in flight, lease held.
    await db.query(
      `UPDATE idempotency_keys SET state = 'in_flight', response_status = NULL, response_body = NULL,
              locked_until = now() + interval '1 hour' WHERE key = 'k-dead'`,
    );
    await db.query('TRUNCATE widgets');
    const held = await post(valid, { 'Idempotency-Key': 'k-dead' });
    expect(held.status).toBe(409);
    await db.query(
      `UPDATE idempotency_keys SET locked_until = now() - interval '1 second' WHERE key = 'k-dead'`,
    );
    const taken = await post(valid, { 'Idempotency-Key': 'k-dead' }).expect(201);
    expect(taken.headers['idempotent-replayed']).toBeUndefined();
    expect(await count()).toBe(1); // the handler ran again: a replay would create no widget
  });

  it('turns 100 concurrent requests with one key into one effect and 100 identical answers', async () => {
    const responses = await Promise.all(
      Array.from({ length: 100 }, () => post(valid, { 'Idempotency-Key': 'k-storm' })),
    );
    expect(responses.map((r) => r.status)).toEqual(Array(100).fill(201));
    expect([...new Set(responses.map((r) => JSON.stringify(r.body)))]).toHaveLength(1);
    expect(responses.filter((r) => r.headers['idempotent-replayed'] === 'true')).toHaveLength(99);
    expect(await count()).toBe(1);
  });
});

describe('idempotency in flight and rate limits', () => {
  let svc: TestService<ReturnType<typeof loadWidgetConfig>>;
  beforeAll(async () => {
    svc = await startTestService(def, {
      IDEMPOTENCY_INFLIGHT_WAIT_MS: '0',
      HTTP_RATE_LIMIT_PER_MINUTE: '5',
      AUTH_FAILURES_PER_MINUTE: '3',
    });
  });
  afterAll(() => svc?.close());

  it('answers 409 to a duplicate while the first is still in flight', async () => {
    const send = () =>
      svc
        .http()
        .post('/v1/widgets')
        .set({ 'x-api-key': TEST_ADMIN_KEY, 'Idempotency-Key': 'k-fly' })
        .send(valid);
    const [a, b] = await Promise.all([send(), send()]);
    expect([a.status, b.status].sort()).toEqual([201, 409]);
  });

  it('rate limits per key with 429 and Retry-After', async () => {
    const statuses: number[] = [];
    let limited: { headers: Record<string, string>; body: { status: number } } | undefined;
    for (let i = 0; i < 8; i++) {
      const res = await svc.http().get('/v1/widgets/1').set('x-api-key', 'pos-key');
      statuses.push(res.status);
      if (res.status === 429) limited = res;
    }
    expect(statuses).toContain(429);
    expect(limited!.headers['retry-after']).toMatch(/^\d+$/);
    expect(limited!.body.status).toBe(429);
  });
  it('throttles an address that keeps failing authentication, whatever key it tries next', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) {
      const res = await svc.http().get('/v1/widgets/1').set('x-api-key', `guess-${i}`);
      statuses.push(res.status);
    }
    expect(statuses.slice(0, 3)).toEqual([401, 401, 401]);
    expect(statuses.slice(3)).toEqual([429, 429]);
    const right = await svc.http().get('/v1/widgets/1').set('x-api-key', TEST_ADMIN_KEY);
    expect(right.status).toBe(429);
    expect(right.headers['retry-after']).toMatch(/^\d+$/);
    expect(right.headers['content-type']).toContain('application/problem+json');
  });
});
