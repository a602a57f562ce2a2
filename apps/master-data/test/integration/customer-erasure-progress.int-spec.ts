import { CUSTOMER_ERASURE_COMPLETED_SUBJECT, DOMAIN_STREAMS, SUBJECTS } from '@retail/contracts';
import {
  EventPublisher,
  NatsClient,
  readStream,
  streamName,
  subjectFor,
} from '@retail/platform-messaging';
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

  /** How many `customer.changed` events of the customer `RETAIL_MASTERDATA` still holds. */
  const changedEventsOf = async (customerId: string) => {
    const nats = svc.app.get(NatsClient);
    let n = 0;
    for await (const msg of readStream(
      nats,
      streamName(DOMAIN_STREAMS.masterdata, nats.namespace),
      { filter: subjectFor(SUBJECTS.CUSTOMER_CHANGED, nats.namespace), limit: Infinity },
    ))
      if (JSON.parse(Buffer.from(msg.data).toString()).subject === customerId) n++;
    return n;
  };
  const others = (customerId: string) =>
    Promise.all(['returns', 'channel-sync'].map((service) => completed({ customerId, service })));

  it('erases its own events, is pending until every service confirms, then completed', async () => {
    const id = await newCustomer();
    const kept = await newCustomer();
    await eventually(
      async () => (await changedEventsOf(id)) * (await changedEventsOf(kept)),
      (n) => n > 0,
    );
    await svc.http().delete(`/v1/customers/${id}`).set(admin).expect(204);

    // Master-data's own part: the customer's customer.changed events leave the stream, then it
    // records itself; the other services are pending.
    const pending = await eventually(
      async () => (await progress(id).expect(200)).body,
      (body) => body.services[0].status === 'completed',
    );
    expect(pending).toEqual({
      customerId: id,
      requestedAt: expect.any(String),
      services: [
        { service: 'master-data', status: 'completed', completedAt: expect.any(String) },
        ...['order-ingestion', 'returns', 'channel-sync'].map((service) => ({
          service,
          status: 'pending',
          completedAt: null,
        })),
      ],
      complete: false,
    });
    expect(Date.parse(pending.requestedAt)).toBeLessThanOrEqual(Date.now());
    expect(await changedEventsOf(id)).toBe(0);
    expect(await changedEventsOf(kept)).toBeGreaterThan(0);

    const erasedAt = new Date(Date.now() + 1000).toISOString();
    const { event } = await completed({ customerId: id, ordersErased: 2, erasedAt });
    const partial = await eventually(
      async () => (await progress(id).expect(200)).body,
      (body) => body.services[1].status === 'completed',
    );
    expect(partial.complete).toBe(false);
    await others(id);
    const done = await eventually(
      async () => (await progress(id).expect(200)).body,
      (body) => body.complete === true,
    );
    expect(done).toEqual({
      customerId: id,
      requestedAt: pending.requestedAt,
      services: [
        { service: 'master-data', status: 'completed', completedAt: expect.any(String) },
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
    expect(await recorded(id)).toBe(4);
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
    // Only master-data's own part is recorded: order-ingestion stays pending.
    const body = await eventually(
      async () => (await progress(id).expect(200)).body,
      (b) => b.services[0].status === 'completed',
    );
    expect(body.services[1]).toEqual({
      service: 'order-ingestion',
      status: 'pending',
      completedAt: null,
    });
    expect(await recorded(id)).toBe(1);
    expect(body.complete).toBe(false);
  });
});
