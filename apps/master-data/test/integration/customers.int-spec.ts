import { CUSTOMER_CHANGED_SUBJECT, CUSTOMER_ERASED_SUBJECT } from '@retail/contracts';
import { admin, db, outboxEvents, startMasterData, type MasterDataService } from './support';

describe('customers: identity matching and erasure', () => {
  let svc: MasterDataService;
  const match = (body: object, key = admin) =>
    svc.http().post('/v1/customers:match').set(key).send(body);

  beforeAll(async () => {
    svc = await startMasterData();
  });
  afterAll(() => svc?.close());

  it('creates a customer when nothing matches, then matches by channel id, e-mail and phone', async () => {
    const first = await match({
      channel: 'shopify',
      channelCustomerId: '7001',
      email: 'Ada.Lovelace@Gmail.com',
      phone: '+44 20 7946 0001',
      name: 'Ada Lovelace',
    }).expect(201);
    expect(first.body).toEqual({
      customerId: expect.stringMatching(/^cus_/),
      matchedBy: 'none',
      created: true,
    });
    const id = first.body.customerId;

    const byId = await match({ channel: 'shopify', channelCustomerId: '7001' }).expect(200);
    expect(byId.body).toEqual({ customerId: id, matchedBy: 'channelCustomerId', created: false });
    const byEmail = await match({
      channel: 'amazon',
      channelCustomerId: 'A-9',
      email: 'AdaLovelace+shop@GMAIL.com',
    });
    expect(byEmail.body).toEqual({ customerId: id, matchedBy: 'email', created: false });
    const byPhone = await match({ channel: 'pos', phone: '0044 20 7946-0001' });
    expect(byPhone.body).toEqual({ customerId: id, matchedBy: 'phone', created: false });
    // The amazon id was linked by the e-mail match: it now matches by itself.
    const linked = await match({ channel: 'amazon', channelCustomerId: 'A-9' });
    expect(linked.body).toMatchObject({ customerId: id, matchedBy: 'channelCustomerId' });

    const customer = await svc.http().get(`/v1/customers/${id}`).set(admin).expect(200);
    expect(customer.body).toMatchObject({
      customerId: id,
      email: 'ada.lovelace@gmail.com',
      name: 'Ada Lovelace',
      erased: false,
      channelIdentities: [
        { channel: 'amazon', channelCustomerId: 'A-9' },
        { channel: 'shopify', channelCustomerId: '7001' },
      ],
    });
  });

  it('creates one customer for concurrent matches of a new shopper', async () => {
    const body = { channel: 'shopify', email: 'grace@example.com', channelCustomerId: '8001' };
    const answers = await Promise.all(Array.from({ length: 8 }, () => match(body)));
    const ids = new Set(answers.map((a) => a.body.customerId));
    expect(ids.size).toBe(1);
    expect(answers.filter((a) => a.body.created)).toHaveLength(1);
    // Repeated matches that change nothing publish nothing.
    const changed = (await outboxEvents(svc, CUSTOMER_CHANGED_SUBJECT)).filter(
      (e) => e.subject === [...ids][0],
    );
    expect(changed).toHaveLength(1);
    expect(Object.keys(changed[0].data).sort()).toEqual(
      ['changedAt', 'channelIdentities', 'customerId', 'version'].sort(),
    );
  });

  it("updates personal fields only with a greater version, never taking another customer's e-mail", async () => {
    const created = await match({ channel: 'pos', email: 'hedy@example.com' }).expect(201);
    const id = created.body.customerId;
    const put = (body: object) => svc.http().put(`/v1/customers/${id}`).set(admin).send(body);
    const updated = await put({ email: 'Hedy.L@Example.com', name: 'Hedy', version: 2 }).expect(
      200,
    );
    expect(updated.body).toMatchObject({ email: 'hedy.l@example.com', name: 'Hedy', version: 2 });
    const stale = await put({ email: 'other@example.com', version: 2 }).expect(409);
    expect(stale.body.type).toContain('stale-version');
    const taken = await put({ email: 'grace@example.com', version: 3 }).expect(409);
    expect(taken.body.type).toContain('identity-conflict');
    const got = await svc.http().get(`/v1/customers/${id}`).set(admin).expect(200);
    expect(got.body).toMatchObject({ email: 'hedy.l@example.com', version: 2 });
    const byNewEmail = await match({ channel: 'shopify', email: 'hedy.l@example.com' }).expect(200);
    expect(byNewEmail.body.customerId).toBe(id);
    await svc.http().put('/v1/customers/cus_nope').set(admin).send({ version: 9 }).expect(404);
  });

  it("refuses another channel's match (403) and an invalid e-mail (422)", async () => {
    await match(
      { channel: 'amazon', email: 'x@example.com' },
      { 'x-api-key': 'shopify-key' },
    ).expect(403);
    await match({ channel: 'shopify', email: 'not-an-email' }).expect(422);
  });

  it("never returns, links or changes another channel's customer to a channel key", async () => {
    const contact = { email: 'grace.hopper@example.com', phone: '+1 202 555 0147' };
    const shopper = await match({ channel: 'shopify', channelCustomerId: 'CONF-1', ...contact });
    expect(shopper.status).toBe(201);
    const amazonKey = { 'x-api-key': 'amazon-key' };
    const claim = { channel: 'amazon', channelCustomerId: 'AMZ-CONF-1', name: 'Mallory' };
    const probe = await match({ ...claim, ...contact }, amazonKey).expect(201);
    expect(probe.body.customerId).not.toBe(shopper.body.customerId);
    expect(probe.body).toMatchObject({ matchedBy: 'none', created: true });
    const original = await svc
      .http()
      .get(`/v1/customers/${shopper.body.customerId}`)
      .set(admin)
      .expect(200);
    expect(original.body.name ?? null).toBeNull();
    // Within its own channel the key matches as before.
    const again = await match(
      { channel: 'amazon', channelCustomerId: 'AMZ-CONF-1' },
      amazonKey,
    ).expect(200);
    expect(again.body.customerId).toBe(probe.body.customerId);
    // A service or admin still matches across channels: one customer master.
    const across = await match({ channel: 'pos', email: 'grace.hopper@example.com' }).expect(200);
    expect(across.body.customerId).toBe(shopper.body.customerId);
  });

  it('erases personal data: none left in any table, outbox included; events carry ids only', async () => {
    const pii = { email: 'Erin.Erase@Example.com', phone: '+49 30 5550199', name: 'Erin Erasmus' };
    const created = await match({
      channel: 'shopify',
      channelCustomerId: 'ERASE-1',
      ...pii,
    }).expect(201);
    const id = created.body.customerId;
    await match({ channel: 'pos', email: pii.email, channelCustomerId: 'POS-ERASE-1' }).expect(200);

    await svc.http().delete(`/v1/customers/${id}`).set(admin).expect(204);
    await svc.http().delete(`/v1/customers/${id}`).set(admin).expect(204);

    const needles = ['erin', 'erasmus', '5550199', 'ERASE-1'.toLowerCase(), 'pos-erase-1'];
    const dump = (await dumpSchema(svc)).toLowerCase();
    for (const needle of needles) expect(dump).not.toContain(needle);
    expect(dump).toContain(id);

    const revived = await svc
      .http()
      .put(`/v1/customers/${id}`)
      .set(admin)
      .send({ name: 'Erin', version: 99 });
    expect(revived.status).toBe(409);
    const customer = await svc.http().get(`/v1/customers/${id}`).set(admin).expect(200);
    expect(customer.body).toEqual({
      customerId: id,
      channelIdentities: [],
      erased: true,
      version: expect.any(Number),
    });
    const erased = await outboxEvents(svc, CUSTOMER_ERASED_SUBJECT);
    expect(erased).toHaveLength(1);
    expect(Object.keys(erased[0].data).sort()).toEqual(['customerId', 'erasedAt']);

    // The erased customer no longer matches anything: the shopper comes back as someone new.
    const again = await match({
      channel: 'shopify',
      channelCustomerId: 'ERASE-1',
      email: pii.email,
    }).expect(201);
    expect(again.body.customerId).not.toBe(id);
    await svc.http().delete('/v1/customers/cus_unknown').set(admin).expect(404);
  });
});

/** Every row of every table of the service's schema, as text. */
async function dumpSchema(svc: MasterDataService): Promise<string> {
  const tables: Array<{ table_name: string }> = await db(svc).query(
    `SELECT table_name FROM information_schema.tables WHERE table_schema = $1 AND table_type = 'BASE TABLE'`,
    [svc.schema],
  );
  const parts: string[] = [];
  for (const { table_name } of tables) {
    const rows: Array<{ row: string }> = await db(svc).query(
      `SELECT row_to_json(t)::text AS row FROM "${table_name}" t`,
    );
    parts.push(...rows.map((r) => r.row));
  }
  return parts.join('\n');
}
