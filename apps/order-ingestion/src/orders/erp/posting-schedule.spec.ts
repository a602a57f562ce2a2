import type { OrderState } from '../domain/order-state';
import { erpCustomerOf } from './erp-customers';
import { PostingSchedule } from './posting-schedule';

const at = (iso: string) => Date.parse(iso);

describe('PostingSchedule', () => {
  const schedule = PostingSchedule.parse(
    'invoice=22:00-06:00; cashSale=every 15m; itemFulfillment=09:00:30-17:00',
  );

  it('posts a record type without a rule at once', () => {
    expect(PostingSchedule.parse('').releaseAt('invoice', 0, at('2026-12-07T12:00:00Z'))).toBe(
      at('2026-12-07T12:00:00Z'),
    );
  });

  it('lets a posting go inside its window, across midnight', () => {
    for (const now of ['2026-12-07T23:10:00Z', '2026-12-08T05:59:59Z', '2026-12-07T22:00:00Z'])
      expect(schedule.releaseAt('invoice', at(now), at(now))).toBe(at(now));
  });

  it('holds a posting outside its window until the window opens', () => {
    expect(schedule.releaseAt('invoice', 0, at('2026-12-07T06:00:00Z'))).toBe(
      at('2026-12-07T22:00:00Z'),
    );
    expect(schedule.releaseAt('itemFulfillment', 0, at('2026-12-07T17:00:00Z'))).toBe(
      at('2026-12-08T09:00:30Z'),
    );
    expect(schedule.releaseAt('itemFulfillment', 0, at('2026-12-07T08:00:00Z'))).toBe(
      at('2026-12-07T09:00:30Z'),
    );
  });

  it('holds batched postings to the boundary after they became due, then lets them go', () => {
    const due = at('2026-12-07T10:07:00Z');
    expect(schedule.releaseAt('cashSale', due, due)).toBe(at('2026-12-07T10:15:00Z'));
    expect(schedule.releaseAt('cashSale', due, at('2026-12-07T10:15:01Z'))).toBe(
      at('2026-12-07T10:15:01Z'),
    );
  });

  it.each([
    ['invoice=25:00-06:00', 'not a UTC time'],
    ['invoice 22:00-06:00', 'must be <recordType>=<rule>'],
    ['salesOrder=22:00-06:00', 'must be <recordType>=<rule>'],
    ['invoice=every 7m', 'must divide a day'],
    ['invoice=10:00-10:00', 'empty window'],
    ['invoice=22:00-06:00;invoice=every 1h', 'scheduled twice'],
    ['cashSale=nightly', 'neither HH:MM-HH:MM nor every'],
  ])('refuses %s with one line', (text, reason) => {
    expect(() => PostingSchedule.parse(text)).toThrow(reason);
    try {
      PostingSchedule.parse(text);
    } catch (error) {
      expect((error as Error).message).not.toContain('\n');
    }
  });
});

describe('erpCustomerOf', () => {
  const order = (customerId: string | undefined, customer: Record<string, string>) =>
    ({ channel: 'shopify', customerId, order: { customer } }) as unknown as OrderState;

  it('keys the ERP customer by the middleware customer, else the channel identity, else e-mail', () => {
    expect(erpCustomerOf(order('c-42', { email: 'A@x.io' }))).toMatchObject({
      externalId: 'cust_c-42',
      email: 'a@x.io',
    });
    expect(erpCustomerOf(order(undefined, { channelCustomerId: '9001' }))?.externalId).toBe(
      'cust_shopify_9001',
    );
    expect(erpCustomerOf(order(undefined, { email: 'a@x.io' }))?.externalId).toMatch(
      /^cust_email_[0-9a-f]{32}$/,
    );
    expect(erpCustomerOf(order(undefined, { name: 'Guest' }))).toBeUndefined();
  });
});
