import { randomUUID } from 'crypto';
import { createProducts } from '../src/master-data';
import { postShopifyOrder, shopifyOrderPayload } from '../src/shopify-webhook';
import { eventually, Stack, startStack } from '../src/stack';

jest.setTimeout(240_000);

const SKU = 'PAY-MUG-1';
const GRACE_MS = 3000;
const LINE = { sku: SKU, title: 'Payment mug', price: '9.99', variantId: 44123456789401 };

/**
 * Payment status as an input, across real processes (ADR 0037): Shopify's own notifications
 * release a held order with no operator; a failed payment is never released by hand and is
 * cancelled after the grace period, publishing `order.cancelled`.
 */
describe('payment status on the process stack', () => {
  let stack: Stack;
  const orders = (method: string, path: string, body?: unknown, headers?: Record<string, string>) =>
    stack.call('order-ingestion', method, path, body, headers);
  const sim = (method: string, path: string) => stack.call('backoffice-simulator', method, path);
  const waitFor = (orderId: string, status: string, timeoutMs = 60_000) =>
    eventually(async () => {
      const view = (await orders('GET', `/v1/orders/${orderId}`)).body;
      return view.status === status ? view : undefined;
    }, timeoutMs);
  /** A Shopify order webhook body in `financialStatus`, last updated at `updatedAt`. */
  const shopifyOrder = (id: number, financialStatus: string, updatedAt: string) => ({
    ...shopifyOrderPayload(id, LINE, 1004),
    financial_status: financialStatus,
    updated_at: updatedAt,
  });
  /** `order.cancelled` events of `correlationId` in the orders stream (a dry-run replay). */
  const cancelledEvents = async (correlationId: string) => {
    const res = await orders('POST', '/v1/ops/replay', {
      stream: 'RETAIL_ORDERS',
      fromSequence: 1,
      subject: 'retail.orders.v1.order.cancelled',
      correlationId,
      dryRun: true,
    });
    expect(res.status).toBeLessThan(300);
    return res.body.matched as number;
  };

  beforeAll(async () => {
    stack = await startStack({
      only: ['backoffice-simulator', 'master-data', 'inventory', 'order-ingestion'],
      env: { 'order-ingestion': { PAYMENT_FAILED_GRACE_MS: String(GRACE_MS) } },
    });
    await createProducts(stack, [SKU]);
  }, 180_000);
  afterAll(() => stack?.stop());

  it("releases a pending Shopify payment on the channel's orders/paid webhook, with no operator", async () => {
    await sim('POST', '/admin/reset');
    const id = 8300000001;
    const orderId = await postShopifyOrder(
      stack,
      shopifyOrder(id, 'pending', '2026-11-20T10:00:00+01:00'),
      `e2e-pay-${randomUUID()}`,
    );
    const held = await waitFor(orderId, 'on_hold');
    expect(held.statusReason).toBe('payment pending');

    const paidId = await postShopifyOrder(
      stack,
      shopifyOrder(id, 'paid', '2026-11-20T10:07:00+01:00'),
      `e2e-paid-${randomUUID()}`,
      { 'x-shopify-topic': 'orders/paid' },
    );
    expect(paidId).toBe(orderId);
    const confirmed = await waitFor(orderId, 'erp_confirmed');
    expect(confirmed.payment.status).toBe('captured');
    expect(confirmed.erp.salesOrderId).toEqual(expect.any(String));
    const steps = confirmed.timeline.map((t: { step: string }) => t.step);
    expect(steps).toContain('payment-status');
    expect(steps).not.toContain('release-hold');
    expect((await sim('GET', '/admin/stats')).body.erp.salesOrders.created).toBe(1);
  });

  it('refuses a manual release of a failed payment, then cancels it after the grace period with order.cancelled', async () => {
    const id = 8300000002;
    const orderId = await postShopifyOrder(
      stack,
      shopifyOrder(id, 'pending', '2026-11-20T11:00:00+01:00'),
      `e2e-pay-${randomUUID()}`,
    );
    await waitFor(orderId, 'on_hold');

    // The payment provider reports the payment failed (through the service route).
    const failedCorrelation = `e2e-failed-${randomUUID()}`;
    const failed = await orders(
      'POST',
      `/v1/orders/${orderId}/payment-status`,
      { status: 'failed', occurredAt: '2026-11-20T10:05:00Z', source: 'payment-provider' },
      {
        'x-api-key': stack.serviceKeys['channel-sync'],
        'x-correlation-id': failedCorrelation,
      },
    );
    expect(failed.status).toBe(200);
    expect(failed.body).toMatchObject({ status: 'on_hold', outcome: 'hold' });

    const release = await orders('POST', `/v1/orders/${orderId}/release-hold`);
    expect(release.status).toBe(409);
    expect(release.headers.get('content-type')).toContain('application/problem+json');
    expect(release.body.type).toContain('payment-failed');

    const cancelled = await waitFor(orderId, 'cancelled', 60_000);
    const cancel = cancelled.timeline.find((t: { status: string }) => t.status === 'cancelled');
    expect(cancel.reason).toContain('payment failed');
    expect(cancelled.erp.salesOrderId).toBeUndefined();
    expect(await eventually(async () => (await cancelledEvents(failedCorrelation)) === 1)).toBe(
      true,
    );
  });

  it('a bad payment status is refused with problem+json and changes nothing', async () => {
    const orderId = await postShopifyOrder(
      stack,
      shopifyOrder(8300000003, 'pending', '2026-11-20T12:00:00+01:00'),
      `e2e-pay-${randomUUID()}`,
    );
    await waitFor(orderId, 'on_hold');
    const bad = await orders('POST', `/v1/orders/${orderId}/payment-status`, {
      status: 'paid',
      occurredAt: '2026-11-20T12:05:00Z',
      source: 'payment-provider',
    });
    expect(bad.status).toBe(422);
    expect(bad.headers.get('content-type')).toContain('application/problem+json');
    const channelKey = await orders(
      'POST',
      `/v1/orders/${orderId}/payment-status`,
      { status: 'captured', occurredAt: '2026-11-20T12:05:00Z', source: 'shopify' },
      { 'x-api-key': 'shopify-key' },
    );
    expect(channelKey.status).toBe(403);
    expect((await orders('GET', `/v1/orders/${orderId}`)).body.status).toBe('on_hold');
  });
});
