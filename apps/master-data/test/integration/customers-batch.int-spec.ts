import { CUSTOMER_CHANGED_SUBJECT } from '@retail/contracts';
import { TEST_ADMIN_KEY } from '@retail/platform-testing';
import { RetentionJanitor } from '@retail/platform-persistence';
import { admin, db, outboxEvents, startMasterData, type MasterDataService } from './support';

const service = { 'x-api-key': 'svc-key' };

describe('customers: bulk matching (POST /v1/customers:match-batch)', () => {
  let svc: MasterDataService;
  const batch = (matches: unknown[], key: Record<string, string> = service) =>
    svc.http().post('/v1/customers:match-batch').set(key).send({ matches });
  const counts = async () => {
    const [row] = await db(svc).query(`SELECT
      (SELECT count(*) FROM customer)::int AS customers,
      (SELECT count(*) FROM customer_identity)::int AS identities,
      (SELECT count(*) FROM customer_match)::int AS kept,
      (SELECT count(*) FROM outbox)::int AS events`);
    return row as Record<string, number>;
  };

  beforeAll(async () => {
    svc = await startMasterData({
      RETAIL_API_KEYS: `${TEST_ADMIN_KEY}=admin,svc-key=service,shopify-key=channel:shopify`,
    });
  });
  afterAll(() => svc?.close());

  it('answers each entry: created, matched (also by what an earlier entry created) or refused', async () => {
    const res = await batch([
      { orderId: 'B1-1', channel: 'shopify', channelCustomerId: 'B1', email: 'Bea@Example.com' },
      { orderId: 'B1-2', channel: 'amazon', email: 'bea@example.com', phone: '+49 30 1110001' },
      { orderId: 'B1-3', channel: 'shopify', email: 'not-an-email' },
      { orderId: 'B1-4', channel: 'pos', phone: '0049 30 1110001', name: 'Bea' },
      'not an object',
      { orderId: 'B1-6', channel: 'shopify', name: 'Walk-in', colour: 'red' },
    ]).expect(200);
    const [first, second, bad, third, notObject, unknown] = res.body.results;
    expect(first).toMatchObject({ index: 0, orderId: 'B1-1', outcome: 'created', status: 201 });
    const id = first.customerId;
    expect(second).toMatchObject({ outcome: 'matched', customerId: id, matchedBy: 'email' });
    // The phone the second entry filled in matches the fourth.
    expect(third).toMatchObject({ outcome: 'matched', customerId: id, matchedBy: 'phone' });
    expect(bad).toMatchObject({ index: 2, orderId: 'B1-3', outcome: 'refused', status: 422 });
    expect(bad.problem.errors.map((e: { field: string }) => e.field)).toEqual(['email']);
    expect(bad.customerId).toBeUndefined();
    expect(notObject).toMatchObject({ index: 4, outcome: 'refused', status: 422 });
    expect(unknown).toMatchObject({ index: 5, outcome: 'refused', status: 422 });

    const customer = await svc.http().get(`/v1/customers/${id}`).set(admin).expect(200);
    expect(customer.body).toMatchObject({
      email: 'bea@example.com',
      phone: '+49 30 1110001',
      name: 'Bea',
      version: 1,
      channelIdentities: [{ channel: 'shopify', channelCustomerId: 'B1' }],
    });
    // One event for the customer, at its state after the batch.
    const events = (await outboxEvents(svc, CUSTOMER_CHANGED_SUBJECT)).filter(
      (e) => e.subject === id,
    );
    expect(events.map((e) => e.data.version)).toEqual([1]);
  });

  it('persists nothing for refused entries', async () => {
    const before = await counts();
    const res = await batch([
      { orderId: 'R-1', channel: 'shopify', email: 'nope' },
      { orderId: 'R-2', channel: 'shopify', phone: 'x'.repeat(33) },
      { channel: 'shopify', email: 'no-order@example.com' },
    ]).expect(200);
    expect(res.body.results.map((r: { outcome: string }) => r.outcome)).toEqual([
      'refused',
      'refused',
      'refused',
    ]);
    expect(res.body.results[2].problem.errors.map((e: { field: string }) => e.field)).toContain(
      'orderId',
    );
    expect(await counts()).toEqual(before);
    await batch([]).expect(422);
    await batch(
      Array.from({ length: 501 }, (_, i) => ({ orderId: `X${i}`, channel: 'pos' })),
    ).expect(422);
    expect(await counts()).toEqual(before);
  });

  it('is idempotent per order: a retried batch gets the same customers and creates none', async () => {
    const entries = [
      { orderId: 'I-1', channel: 'shopify', channelCustomerId: 'I1', email: 'ida@example.com' },
      // No key to match on: only the kept answer keeps the retry from creating another.
      { orderId: 'I-2', channel: 'pos', name: 'Anonymous walk-in' },
      { orderId: 'I-2', channel: 'pos', name: 'Anonymous walk-in' },
    ];
    const first = await batch(entries).expect(200);
    const ids = first.body.results.map((r: { customerId: string }) => r.customerId);
    expect(ids[2]).toBe(ids[1]);
    expect(first.body.results[2]).toMatchObject({ replayed: true, outcome: 'created' });
    const before = await counts();
    const retry = await batch(entries).expect(200);
    expect(retry.body.results.map((r: { customerId: string }) => r.customerId)).toEqual(ids);
    expect(retry.body.results.every((r: { replayed?: boolean }) => r.replayed)).toBe(true);
    expect(await counts()).toEqual(before);
    // The same order id in another channel is another order.
    const other = await batch([{ orderId: 'I-2', channel: 'amazon', name: 'Anonymous walk-in' }]);
    expect(other.body.results[0]).toMatchObject({ outcome: 'created' });
    expect(other.body.results[0].customerId).not.toBe(ids[1]);
  });

  it('creates one customer when two batches name the same new shopper at once', async () => {
    for (let round = 0; round < 5; round++) {
      const shopper = (order: string, channel: string) => ({
        orderId: `C${round}-${order}`,
        channel,
        email: `concurrent${round}@example.com`,
        phone: `+1 202 555 01${10 + round}`,
      });
      const other = (order: string) => ({
        orderId: `C${round}-${order}`,
        channel: 'pos',
        email: `other${round}@example.com`,
      });
      // Keys in opposite orders in the two batches: locks taken in one order never deadlock.
      const [a, b] = await Promise.all([
        batch([shopper('a1', 'shopify'), other('a2')]),
        batch([other('b1'), shopper('b2', 'amazon')]),
      ]);
      expect(a.status).toBe(200);
      expect(b.status).toBe(200);
      expect(a.body.results[0].customerId).toBe(b.body.results[1].customerId);
      expect(a.body.results[1].customerId).toBe(b.body.results[0].customerId);
      const outcomes = [...a.body.results, ...b.body.results].map((r) => r.outcome).sort();
      expect(outcomes).toEqual(['created', 'created', 'matched', 'matched']);
      const [{ n }] = await db(svc).query(
        'SELECT count(*)::int AS n FROM customer WHERE email_key = ANY($1)',
        [[`concurrent${round}@example.com`, `other${round}@example.com`]],
      );
      expect(n).toBe(2);
    }
  });

  it('creates one customer when two retries of a keyless order run at once', async () => {
    const entry = { orderId: 'NK-1', channel: 'pos', name: 'Cash customer' };
    const answers = await Promise.all([batch([entry]), batch([entry]), batch([entry])]);
    const ids = new Set(answers.map((a) => a.body.results[0].customerId));
    expect(ids.size).toBe(1);
    expect(answers.filter((a) => a.body.results[0].replayed)).toHaveLength(2);
  });

  it('carries each order correlation id on the events it causes', async () => {
    const res = await batch([
      { orderId: 'E-1', channel: 'shopify', email: 'eve@example.com', correlationId: 'corr-e1' },
      { orderId: 'E-2', channel: 'shopify', email: 'eli@example.com', correlationId: 'corr-e2' },
    ]).expect(200);
    const events = await outboxEvents(svc, CUSTOMER_CHANGED_SUBJECT);
    const correlation = (id: string) =>
      events.filter((e) => e.subject === id).map((e: any) => e.correlationid);
    expect(correlation(res.body.results[0].customerId)).toEqual(['corr-e1']);
    expect(correlation(res.body.results[1].customerId)).toEqual(['corr-e2']);
  });

  it('takes service and admin keys only: a channel key matches on customers:match', async () => {
    const entry = { orderId: 'K-1', channel: 'shopify', email: 'kay@example.com' };
    await batch([entry], { 'x-api-key': 'shopify-key' }).expect(403);
    await batch([entry], admin).expect(200);
    const docs = await svc.http().get('/docs-json').expect(200);
    const operation = docs.body.paths['/v1/customers:match-batch']?.post;
    expect(operation['x-scopes']).toEqual(['admin', 'service']);
  });

  it('forgets answers past the retention, and a retry after that finds the same customer', async () => {
    const entry = { orderId: 'R-1', channel: 'shopify', email: 'ret@example.com' };
    const first = await batch([entry]).expect(200);
    const fresh = { orderId: 'R-2', channel: 'shopify', email: 'new@example.com' };
    await batch([fresh]).expect(200);
    const kept = () =>
      db(svc).query(`SELECT order_id FROM customer_match WHERE order_id IN ('R-1', 'R-2')`);
    await db(svc).query(
      `UPDATE customer_match SET created_at = now() - interval '169 hours' WHERE order_id = 'R-1'`,
    );

    const janitor = svc.app.get(RetentionJanitor);
    expect(janitor.tables().sort()).toEqual(
      ['customer_match', 'idempotency_keys', 'inbox', 'outbox'].sort(),
    );
    const deleted = await janitor.purge();

    expect(deleted.customer_match).toBe(1);
    expect((await kept()).map((r: { order_id: string }) => r.order_id)).toEqual(['R-2']);
    const retried = await batch([entry]).expect(200);
    expect(retried.body.results[0]).toMatchObject({
      outcome: 'matched',
      customerId: first.body.results[0].customerId,
    });
  });
});
