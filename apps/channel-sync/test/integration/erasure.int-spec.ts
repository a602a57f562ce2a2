import { DataSource } from 'typeorm';
import { SUBJECTS } from '@retail/contracts';
import { EventPublisher } from '@retail/platform-messaging';
import { admin, type ChannelSyncService, eventually, startChannelSync } from './support';

jest.setTimeout(60_000);

/**
 * `retail.masterdata.v1.customer.erased` in channel-sync (ADR 0035): it stores nothing per person
 * and confirms once, so master-data's erasure progress lists it; an invalid event is
 * dead-lettered and confirms nothing.
 */
describe('channel-sync: customer erasure', () => {
  let svc: ChannelSyncService;
  let db: DataSource;
  beforeAll(async () => {
    svc = await startChannelSync({ ORDERS_BASE_URL: 'http://127.0.0.1:9' });
    db = svc.app.get(DataSource);
  }, 120_000);
  afterAll(() => svc?.close());

  const completions = async (customerId: string) =>
    (await db.query(`SELECT payload FROM outbox WHERE type = $1 AND payload->>'subject' = $2`, [
      SUBJECTS.CUSTOMER_ERASURE_COMPLETED,
      customerId,
    ])) as Array<{ payload: Record<string, any> }>;
  const erase = (customerId: string, data: Record<string, unknown> = { customerId }) =>
    svc.app.get(EventPublisher).publish({
      type: SUBJECTS.CUSTOMER_ERASED,
      subject: customerId,
      data: { erasedAt: new Date().toISOString(), ...data },
    });

  it('confirms once per erasure with its service name', async () => {
    const { event } = await erase('cus-erase-c1');
    const [done] = await eventually(async () => {
      const rows = await completions('cus-erase-c1');
      return rows.length > 0 && rows;
    });
    expect(done.payload).toMatchObject({
      source: '/retail/channel-sync',
      causationid: event.id,
      data: { customerId: 'cus-erase-c1', service: 'channel-sync' },
    });
    await svc.app.get(EventPublisher).publishEvent(event, undefined, `${event.id}-again`);
    await erase('cus-erase-c2');
    await eventually(async () => (await completions('cus-erase-c2')).length === 1);
    expect(await completions('cus-erase-c1')).toHaveLength(1);
  });

  it('dead-letters an erasure event without a customer id and confirms nothing', async () => {
    await erase('cus-keep-c3', { customerId: undefined });
    await eventually(async () => {
      const res = await svc.http().get('/v1/ops/dlq?stream=RETAIL_MASTERDATA').set(admin);
      return JSON.stringify(res.body).includes('channel-sync--erase-customer');
    });
    expect(await completions('cus-keep-c3')).toEqual([]);
  });
});
