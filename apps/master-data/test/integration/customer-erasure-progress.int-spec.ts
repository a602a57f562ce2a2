import { CUSTOMER_ERASURE_COMPLETED_SUBJECT } from '@retail/contracts';
import { EventPublisher } from '@retail/platform-messaging';
import { admin, db, eventually, startMasterData, type MasterDataService } from './support';

jest.setTimeout(60_000);

describe('customer erasure progress (GET /v1/customers/{id}/erasure)', () => {
  let svc: MasterDataService;
  let seq = 0;
  beforeAll(async () => {
    svc = await startMasterData();
  });
  afterAll(() => svc?.close());

  const newCustomer = async () => {
    seq += 1;
    const res = await svc
      .http()
      .post('/v1/customers:match')
      .set(admin)
      .send({ channel: 'shopify', channelCustomerId: `ERASURE-${seq}`, name: `Person ${seq}` })
      .expect(201);
    return res.body.customerId as string;
  };
  const progress = (id: string, key = admin) =>
    svc.http().get(`/v1/customers/${id}/erasure`).set(key);
  // What a service (order-ingestion unless told) publishes once its erasure committed.
  const completed = (data: Record<string, unknown>) =>
    svc.app.get(EventPublisher).publish({
      type: CUSTOMER_ERASURE_COMPLETED_SUBJECT,
      subject: String(data.customerId ?? 'none'),
      data: { service: 'order-ingestion', erasedAt: new Date().toISOString(), ...data },
    });
  const recorded = async (id: string) =>
    (
      await db(svc).query(
        'SELECT count(*)::int AS n FROM customer_erasure_completion WHERE customer_id = $1',
        [id],
      )
    )[0].n as number;

  const others = (customerId: string) =>
    Promise.all(['returns', 'channel-sync'].map((service) => completed({ customerId, service })));

  it('is pending until every service confirms, then completed with their counts', async () => {
    const id = await newCustomer();
    await svc.http().delete(`/v1/customers/${id}`).set(admin).expect(204);

    const pending = await progress(id).expect(200);
    expect(pending.body).toEqual({
      customerId: id,
      requestedAt: expect.any(String),
      services: ['order-ingestion', 'returns', 'channel-sync'].map((service) => ({
        service,
        status: 'pending',
        completedAt: null,
      })),
      complete: false,
    });
    expect(Date.parse(pending.body.requestedAt)).toBeLessThanOrEqual(Date.now());

    const erasedAt = new Date(Date.now() + 1000).toISOString();
    const { event } = await completed({ customerId: id, ordersErased: 2, erasedAt });
    const partial = await eventually(
      async () => (await progress(id).expect(200)).body,
      (body) => body.services[0].status === 'completed',
    );
    expect(partial.complete).toBe(false);
    await others(id);
    const done = await eventually(
      async () => (await progress(id).expect(200)).body,
      (body) => body.complete === true,
    );
    expect(done).toEqual({
      customerId: id,
      requestedAt: pending.body.requestedAt,
      services: [
        { service: 'order-ingestion', status: 'completed', completedAt: erasedAt, ordersErased: 2 },
        { service: 'returns', status: 'completed', completedAt: expect.any(String) },
        { service: 'channel-sync', status: 'completed', completedAt: expect.any(String) },
      ],
      complete: true,
    });

    // The same event again (past JetStream's de-duplication) is skipped by the inbox.
    await svc.app.get(EventPublisher).publishEvent(event, undefined, `${event.id}-again`);
    const other = await newCustomer();
    await svc.http().delete(`/v1/customers/${other}`).set(admin).expect(204);
    await completed({ customerId: other, ordersErased: 0 });
    await others(other);
    await eventually(
      async () => (await progress(other).expect(200)).body.complete,
      (complete) => complete === true,
    );
    const inbox = await db(svc).query(
      'SELECT count(*)::int AS n FROM inbox WHERE message_id = $1',
      [event.id],
    );
    expect(inbox[0].n).toBe(1);
    expect(await recorded(id)).toBe(3);
  });

  it('answers 404 problem+json for a customer never erased or unknown, and refuses channel keys', async () => {
    const kept = await newCustomer();
    for (const id of [kept, 'cus_never_seen']) {
      const res = await progress(id).expect(404);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.body).toMatchObject({ status: 404, type: expect.stringMatching(/not-found$/) });
    }
    await progress(kept, { 'x-api-key': 'shopify-key' }).expect(403);
  });

  it('dead-letters an invalid completion event and records nothing', async () => {
    const id = await newCustomer();
    await svc.http().delete(`/v1/customers/${id}`).set(admin).expect(204);

    await completed({ customerId: id, ordersErased: -1 });

    const dead = await eventually(
      async () =>
        JSON.stringify((await svc.http().get('/v1/ops/dlq?stream=RETAIL_ORDERS').set(admin)).body),
      (text) => text.includes('master-data--erasure-completed'),
    );
    expect(dead).toContain('ordersErased');
    expect(await recorded(id)).toBe(0);
    expect((await progress(id).expect(200)).body.complete).toBe(false);
  });
});
