import { randomUUID } from 'crypto';
import { canonicalOrder, seedStock } from '../src/orders';
import { ADMIN_KEY, API_KEYS, eventually, SERVICE_NAMES, Stack, startStack } from '../src/stack';

/**
 * Service identity across the stack (ADR 0014). The stack runs as a user configures it: custom
 * RETAIL_API_KEYS without local-admin-key; each calling service has its own SERVICE_API_KEY
 * that its callees accept as `<key>=service`. A callee that refuses the caller's key makes the
 * caller not ready with the reason, raises the metric, and the work waits (never backordered,
 * never the guest customer, never a 500) until the key is accepted again.
 */
const DC = 'SI-DC-1';
const STORE = 'SI-STORE-1';
const SKU = 'SI-SHIRT';

jest.setTimeout(240_000);

const location = (type: string) => ({
  name: type,
  type,
  capabilities: {
    ship: type === 'dc',
    pickup: type === 'store',
    shipFromStore: false,
    returns: true,
  },
  version: 1,
});

async function seed(stack: Stack) {
  const put = (path: string, body: unknown) => stack.call('master-data', 'PUT', path, body);
  expect((await put(`/v1/locations/${DC}`, location('dc'))).status).toBeLessThan(300);
  expect((await put(`/v1/locations/${STORE}`, location('store'))).status).toBeLessThan(300);
  const product = {
    name: 'Shirt',
    erpItemId: 'ITEM-SI-SHIRT',
    status: 'active',
    serialTracked: false,
    lotTracked: false,
    returnable: true,
    returnWindowDays: 30,
    restockingFeePercent: 0,
    version: 1,
  };
  expect((await put(`/v1/products/${SKU}`, product)).status).toBeLessThan(300);
  await seedStock(stack, SKU, DC, 100);
}

const order = (email: string) => canonicalOrder(SKU, DC, email);

const RESERVED_OR_LATER = ['reserved', 'awaiting_erp', 'erp_confirmed'];

describe('service identity across the stack', () => {
  let stack: Stack;
  const getOrder = async (id: string) =>
    (await stack.call('order-ingestion', 'GET', `/v1/orders/${id}`)).body;
  const ready = (name: string): Promise<{ status: number; body: any }> =>
    fetch(`${stack.url(name)}/health/ready`).then(async (r) => ({
      status: r.status,
      body: await r.json(),
    }));
  const metric = async (name: string, pattern: RegExp): Promise<number> => {
    const text = await fetch(`${stack.url(name)}/metrics`).then((r) => r.text());
    const line = text.split('\n').find((l) => pattern.test(l));
    return line ? Number(line.split(' ').pop()) : 0;
  };

  async function placeOrder(): Promise<string> {
    const created = await stack.call(
      'order-ingestion',
      'POST',
      '/v1/orders',
      order(`${randomUUID()}@example.com`),
    );
    expect(created.status).toBe(202);
    return created.body.orderId;
  }

  beforeAll(async () => {
    expect(API_KEYS).not.toContain('local-admin-key');
    stack = await startStack({ env: { returns: { RETURNS_APPROVAL_THRESHOLD: '100000' } } });
    await seed(stack);
  }, 180_000);
  afterAll(() => stack?.stop(), 60_000);

  it('accepts the user keys and each service key, and nothing else', async () => {
    const whoami = (key: string) =>
      stack.call('inventory', 'GET', '/v1/auth/whoami', undefined, { 'x-api-key': key });
    expect((await whoami('local-admin-key')).status).toBe(401);
    expect((await whoami(ADMIN_KEY)).body).toEqual({ scope: 'admin' });
    expect((await whoami(stack.serviceKeys['order-ingestion'])).body).toEqual({ scope: 'service' });
    const asService = await stack.call(
      'inventory',
      'GET',
      `/v1/positions/${SKU}/ledger`,
      undefined,
      {
        'x-api-key': stack.serviceKeys.returns,
      },
    );
    expect(asService.status).toBe(403);
    for (const name of SERVICE_NAMES) expect((await ready(name)).status).toBe(200);
    // Started together, the callers may first have seen their dependencies still starting.
    const checked = await eventually(async () => {
      const deps = (await ready('order-ingestion')).body.details.dependencies;
      return deps.inventory.status === 'up' && deps['master-data'].status === 'up' && deps;
    });
    expect(checked).toMatchObject({
      inventory: { status: 'up', scope: 'service' },
      'master-data': { status: 'up', scope: 'service' },
    });
  });

  it('works end to end on custom keys: reservation held, customer matched, return refunded', async () => {
    const orderId = await placeOrder();
    const reserved = await eventually(async () => {
      const view = await getOrder(orderId);
      return RESERVED_OR_LATER.includes(view?.status) ? view : undefined;
    }, 60_000);
    expect(reserved.lines[0].reservationStatus).toBe('reserved');
    expect(reserved.customer.customerId).toEqual(expect.any(String));

    for (const type of ['shipped', 'delivered']) {
      const res = await stack.call('order-ingestion', 'POST', '/v1/fulfillment-events', {
        eventId: `${orderId}-${type}`,
        orderId,
        type,
        lines: [{ lineId: 'L1', quantity: 1 }],
        locationId: DC,
        occurredAt: new Date().toISOString(),
      });
      expect(res.status).toBeLessThan(300);
    }
    const key = randomUUID();
    const created = await eventually(async () => {
      const res = await stack.call(
        'returns',
        'POST',
        '/v1/returns',
        {
          orderId,
          channel: 'shopify',
          locationId: STORE,
          lines: [{ lineId: 'L1', quantity: 1, reasonCode: 'changed_mind' }],
          resolution: 'refund',
        },
        { 'idempotency-key': key },
      );
      return res.status === 201 ? res : undefined;
    });
    const returnId: string = created.body.returnId;
    expect(
      (await stack.call('returns', 'POST', `/v1/returns/${returnId}/receive`, {})).status,
    ).toBe(200);
    const inspected = await stack.call('returns', 'POST', `/v1/returns/${returnId}/inspection`, {
      lines: [{ lineId: 'L1', condition: 'new' }],
    });
    expect(inspected.status).toBe(200);
    const closed = await eventually(async () => {
      const res = await stack.call('returns', 'GET', `/v1/returns/${returnId}`);
      return res.body?.status === 'closed' ? res.body : undefined;
    }, 60_000);
    expect(closed.refund).toBeDefined();
    expect(closed.refundReference).toEqual(expect.any(String));
  });

  it('surfaces a callee refusing the caller key, keeps the order waiting, and completes it once fixed', async () => {
    // Inventory restarted with the user's keys only: it no longer accepts the services' keys.
    await stack.restart('inventory', { RETAIL_API_KEYS: API_KEYS });
    const before = await metric(
      'order-ingestion',
      /^retail_dependency_auth_failures_total\{dependency="inventory"\}/,
    );

    const notReady = await eventually(async () => {
      const res = await ready('order-ingestion');
      return res.status === 503 ? res.body : undefined;
    }, 30_000);
    expect(notReady.type).toContain('not-ready');
    expect(notReady.detail).toContain('inventory');
    expect(notReady.error.dependencies).toMatchObject({
      status: 'down',
      inventory: { status: 'refused', reason: expect.stringContaining('SERVICE_API_KEY') },
      'master-data': { status: 'up' },
    });

    const orderId = await placeOrder();
    // The order must wait with the reason visible on it (status reason or timeline). Watched for
    // a while, asserted after the rest, so every other behaviour is shown whatever happens here.
    const mentionsInventory = (view: any) =>
      /inventory/i.test(JSON.stringify([view?.statusReason, view?.timeline]));
    const waiting = await eventually(async () => {
      const view = await getOrder(orderId);
      return mentionsInventory(view) ? view : undefined;
    }, 20_000).catch(() => getOrder(orderId));
    const reasonWhileWaiting = mentionsInventory(waiting);
    expect(waiting.status).not.toBe('backordered');
    expect(RESERVED_OR_LATER).not.toContain(waiting.status);
    expect(waiting.lines[0].reservationStatus).toBeUndefined();
    expect(waiting.erp.salesOrderId).toBeUndefined();
    expect(waiting.customer.customerId).toEqual(expect.any(String));
    expect(
      await metric(
        'order-ingestion',
        /^retail_dependency_auth_failures_total\{dependency="inventory"\}/,
      ),
    ).toBeGreaterThan(before);

    // The key is accepted again: the order goes on by itself, readiness comes back.
    await stack.restart('inventory');
    const reserved = await eventually(async () => {
      const view = await getOrder(orderId);
      return RESERVED_OR_LATER.includes(view?.status) ? view : undefined;
    }, 90_000);
    expect(reserved.lines[0].reservationStatus).toBe('reserved');
    await eventually(async () => (await ready('order-ingestion')).status === 200, 30_000);
    expect({ reasonWhileWaiting, timeline: waiting.timeline }).toMatchObject({
      reasonWhileWaiting: true,
    });
  });

  it('answered no 500 anywhere (dependency failures are 502/503 problem+json)', async () => {
    for (const name of SERVICE_NAMES) {
      const text = await fetch(`${stack.url(name)}/metrics`).then((r) => r.text());
      const errors = text
        .split('\n')
        .filter((l) => l.startsWith('http_server_request_duration_seconds_count'))
        .filter((l) => /status_code="5\d\d"/.test(l) && !/status_code="50[23]"/.test(l));
      expect({ name, errors }).toEqual({ name, errors: [] });
    }
  });
});
