import { randomBytes, randomUUID, scryptSync } from 'node:crypto';
import { connect } from '@nats-io/transport-node';
import type { NatsConnection } from '@nats-io/nats-core';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import type { Browser, Page } from 'playwright-core';
import { testNatsUrl } from '@retail/platform-testing';
import { seriousViolations } from '../src/browser/axe';
import { laptopPage, launchBrowser, screenshot } from '../src/browser/browser';
import { postShopifyOrder, shopifyOrderPayload } from '../src/shopify-webhook';
import { eventually, Stack, startStack } from '../src/stack';

jest.setTimeout(300_000);

const PASSWORD = 'correct horse battery staple';
/** The console's stored form (scrypt$salt$hash, N=2^14), computed here as an operator would. */
function scryptHash(password: string): string {
  const salt = randomBytes(16);
  const key = scryptSync(password, salt, 32, { N: 16384, r: 8, p: 1 });
  return `scrypt$${salt.toString('base64url')}$${key.toString('base64url')}`;
}

const SKU = 'CONSOLE-TEE-M';
const DC = 'CONSOLE-DC';
const STORE = 'CONSOLE-STORE';

const location = (type: 'dc' | 'store') => ({
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

/**
 * The operators' console in a real headless Chromium against the whole process stack: sign in,
 * see an order the ERP refused in the overview and the order list, retry it to erp_confirmed
 * with the action in its timeline, dry-run then replay a dead letter once, and follow a Shopify
 * webhook's correlation id to the ERP sales order. Every page is checked with axe-core and
 * kept as a screenshot under artifacts/ops-console/.
 */
describe('ops console in a browser', () => {
  let stack: Stack;
  let browser: Browser;
  let page: Page;
  let nc: NatsConnection;
  let refusedOrderId: string;
  let tracedCorrelationId: string;
  const consoleUrl = () => stack.url('ops-console');

  const orderStatus = async (id: string) =>
    (await stack.call('order-ingestion', 'GET', `/v1/orders/${id}`)).body;
  const waitFor = (id: string, status: string) =>
    eventually(async () => {
      const o = await orderStatus(id);
      return o.status === status ? o : undefined;
    }, 60_000);

  const shopifyOrder = (id: number, correlationId: string) =>
    postShopifyOrder(
      stack,
      shopifyOrderPayload(
        id,
        { sku: SKU, title: 'Console tee', price: '19.99', variantId: 44123456789101 },
        1001,
      ),
      correlationId,
    );

  async function checkPage(name: string) {
    await screenshot(page, name);
    expect(await seriousViolations(page)).toEqual([]);
  }

  beforeAll(async () => {
    stack = await startStack({
      env: {
        'ops-console': {
          OPS_CONSOLE_USERS: `alice=${scryptHash(PASSWORD)}`,
          OPS_CONSOLE_SESSION_SECRET: randomBytes(32).toString('hex'),
        },
        // Every return waits for approval, so the console approves and rejects them.
        returns: { RETURNS_APPROVAL_THRESHOLD: '1' },
        // Shopify is pulled once, at start, and never reconciled on a timer: orders whose
        // webhooks are dropped stay missing until the console's reconciliation imports them.
        'channel-sync': {
          SHOPIFY_PULL_INTERVAL_SECONDS: '3600',
          CHANNEL_SYNC_RECONCILE_INTERVAL_MINUTES: '0',
        },
      },
    });
    const product = await stack.call('master-data', 'PUT', `/v1/products/${SKU}`, {
      name: 'Console tee',
      erpItemId: `NS-${SKU}`,
      status: 'active',
      serialTracked: false,
      lotTracked: false,
      returnable: true,
      returnWindowDays: 30,
      restockingFeePercent: 0,
      version: 1,
    });
    expect(product.status).toBeLessThan(300);
    nc = await connect({ servers: testNatsUrl() });
    browser = await launchBrowser();
    page = await laptopPage(browser);
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await nc?.close();
    await stack?.stop();
  });

  it('signs in (wrong password refused), every page needing a session', async () => {
    await page.goto(`${consoleUrl()}/orders`);
    expect(new URL(page.url()).pathname).toBe('/login');
    await checkPage('01-login');
    await page.fill('#username', 'alice');
    await page.fill('#password', 'wrong password');
    await page.click('button[type=submit]');
    await expect(page.locator('[role=alert]').textContent()).resolves.toContain('wrong password');
    await page.fill('#username', 'alice');
    await page.fill('#password', PASSWORD);
    await page.click('button[type=submit]');
    // Back where the operator was going.
    expect(new URL(page.url()).pathname).toBe('/orders');
    await expect(page.locator('.signout').textContent()).resolves.toContain('alice');
    // The console's key never reaches the browser.
    const html = await page.content();
    expect(html).not.toContain(stack.serviceKeys['ops-console']);
  });

  it('shows an order the ERP refused in the overview and in the order list', async () => {
    await stack.call('backoffice-simulator', 'POST', '/admin/faults', { erp: { mode: 'reject' } });
    refusedOrderId = await shopifyOrder(8200000001, `e2e-refused-${randomUUID()}`);
    const refused = await waitFor(refusedOrderId, 'exception');
    expect(refused.statusReason).toContain('ERP rejected create');
    await stack.call('backoffice-simulator', 'POST', '/admin/faults', { erp: { mode: 'up' } });

    await page.goto(`${consoleUrl()}/`);
    const exceptions = page.locator('#k-orders-in-exception + a.figure');
    await expect(exceptions.textContent()).resolves.toBe('1');
    await expect(page.locator('#k-exceptions-by-reason ~ ul').textContent()).resolves.toContain(
      'ERP rejected create: 1',
    );
    await checkPage('02-overview');

    await exceptions.click();
    expect(page.url()).toContain('/orders?status=exception');
    await expect(page.locator('table tbody').textContent()).resolves.toContain(refusedOrderId);
    await checkPage('03-orders-exception');

    // The operator narrows by reason: the refused order, with its reason, and nothing else.
    await page.fill('#f-reason', 'erp rejected');
    await page.click('button:has-text("Filter")');
    expect(page.url()).toContain('reason=erp+rejected');
    const rows = page.locator('table tbody tr');
    await expect(rows.count()).resolves.toBe(1);
    await expect(rows.first().textContent()).resolves.toContain('ERP rejected create');
    await checkPage('03b-orders-by-reason');
    await page.goto(`${consoleUrl()}/orders?status=exception`);
  });

  it('retries the order after a confirmation; it reaches erp_confirmed with the action in its timeline', async () => {
    await page.click(`a[href="/orders/${refusedOrderId}"]`);
    await checkPage('04-order-refused');
    await page.click('text=Retry from the failed step');
    await checkPage('05-confirm-retry');
    await page.click('button:has-text("Confirm")');
    await expect(page.locator('[role=status]').textContent()).resolves.toContain('Retry requested');

    const confirmed = await waitFor(refusedOrderId, 'erp_confirmed');
    expect(confirmed.erp.salesOrderId).toEqual(expect.any(String));
    const retry = confirmed.timeline.find((t: { step: string }) => t.step === 'retry:erp');
    expect(retry).toMatchObject({ fromStatus: 'exception', status: 'awaiting_erp' });
    expect(retry.reason).toBe('retry requested by alice (ops-console) (admin key)');

    await page.reload();
    const timeline = (await page.locator('table').last().textContent()) ?? '';
    expect(timeline).toContain('retry:erp');
    expect(timeline).toContain('alice (ops-console)');
    await checkPage('06-order-confirmed');
  });

  it('dry-runs then replays a dead letter: nothing published by the dry run, re-delivered once', async () => {
    const ns = stack.namespace;
    const jsm = await jetstreamManager(nc);
    const stored = async (stream: string) =>
      (await jsm.streams.info(`${ns.toUpperCase()}_${stream}`)).state.messages;
    // A dead letter as the platform records one: a valid event whose handling failed before
    // the cause was fixed (an order shipped for an order nobody knows yet).
    const event = {
      specversion: '1.0',
      id: randomUUID(),
      source: 'e2e',
      type: 'retail.orders.v1.order.shipped',
      time: new Date().toISOString(),
      subject: 'order-unknown',
      correlationid: `e2e-dlq-${randomUUID()}`,
      causationid: 'e2e',
      dataschemaversion: '1',
      sequence: 1,
      data: { orderId: 'order-unknown', lines: [] },
    };
    const record = {
      reason: 'failed 5 deliveries; last error: order not found (fixed since)',
      stream: 'RETAIL_ORDERS',
      consumer: 'inventory--consume-on-shipment',
      subject: event.type,
      streamSequence: 1,
      deliveries: 5,
      failedAt: new Date().toISOString(),
      event,
      payload: Buffer.from(JSON.stringify(event)).toString('base64'),
      headers: {},
    };
    await jetstream(nc).publish(
      `${ns}.retail.dlq.RETAIL_ORDERS.inventory--consume-on-shipment`,
      JSON.stringify(record),
    );

    await page.goto(`${consoleUrl()}/dead-letters?reason=fixed+since`);
    await checkPage('07-dead-letters');
    await page.click('table tbody a');
    await expect(page.locator('pre').textContent()).resolves.toContain(event.correlationid);
    await checkPage('08-dead-letter');

    const before = await stored('RETAIL_ORDERS');
    await page.click('button:has-text("Dry run replay")');
    await expect(page.locator('main p').first().textContent()).resolves.toContain(
      '1 of 1 dead letter(s) would be re-delivered; nothing was published',
    );
    await checkPage('09-dry-run');
    expect(await stored('RETAIL_ORDERS')).toBe(before);

    await page.click('button:has-text("Replay 1 dead letter(s) now")');
    await expect(page.locator('table tbody').textContent()).resolves.toContain('replayed');
    await checkPage('10-replayed');
    expect(await stored('RETAIL_ORDERS')).toBe(before + 1);

    // A second replay of the same dead letter re-delivers nothing.
    await page.click('table tbody a');
    await expect(page.locator('dl.facts').textContent()).resolves.toContain('by order-ingestion');
    await page.click('button:has-text("Dry run replay")');
    await expect(page.locator('table tbody').textContent()).resolves.toContain('already-replayed');
    expect(await stored('RETAIL_ORDERS')).toBe(before + 1);
  });

  it('follows a Shopify webhook by its correlation id to the ERP sales order', async () => {
    const correlationId = `e2e-trace-${randomUUID()}`;
    tracedCorrelationId = correlationId;
    const orderId = await shopifyOrder(8200000002, correlationId);
    const confirmed = await waitFor(orderId, 'erp_confirmed');

    await page.goto(`${consoleUrl()}/trace`);
    await page.fill('#cid', correlationId);
    await page.click('button:has-text("Trace")');
    const trace = (await page.locator('table').textContent()) ?? '';
    expect(trace).toContain(`order ${'shopify'} 8200000002`);
    expect(trace).toContain('erp-create');
    expect(trace).toContain(confirmed.erp.salesOrderId);
    await checkPage('11-trace');
  });

  it('replays a stream window: a dry run publishes nothing, the confirmed replay re-delivers it once', async () => {
    const jsm = await jetstreamManager(nc);
    const stored = async () =>
      (await jsm.streams.info(`${stack.namespace.toUpperCase()}_RETAIL_ORDERS`)).state.messages;
    // What the platform itself answers for the window the operator will ask for.
    const expected = await stack.call('order-ingestion', 'POST', '/v1/ops/replay', {
      stream: 'RETAIL_ORDERS',
      fromSequence: 1,
      correlationId: tracedCorrelationId,
      dryRun: true,
    });
    expect(expected.body.matched).toBeGreaterThan(0);

    await page.goto(`${consoleUrl()}/replay`);
    await checkPage('13-replay-form');
    // A window that is neither a sequence nor a time comes back with the reason, values kept.
    await page.selectOption('#r-stream', 'RETAIL_ORDERS');
    await page.fill('#r-from', 'yesterday');
    await page.fill('#r-correlationId', tracedCorrelationId);
    await page.click('button:has-text("Dry run")');
    await expect(page.locator('[role=alert]').textContent()).resolves.toContain(
      'neither a stream sequence nor an ISO 8601 time',
    );
    await expect(page.inputValue('#r-correlationId')).resolves.toBe(tracedCorrelationId);

    const before = await stored();
    await page.fill('#r-from', '1');
    await page.click('button:has-text("Dry run")');
    await expect(page.locator('main p').first().textContent()).resolves.toContain(
      `${expected.body.matched} event(s) would be re-delivered`,
    );
    const rows = page.locator('table tbody tr');
    await expect(rows.count()).resolves.toBe(expected.body.matched);
    await expect(page.locator('table tbody').textContent()).resolves.toContain(
      'retail.orders.v1.order.accepted',
    );
    await checkPage('14-replay-dry-run');
    expect(await stored()).toBe(before);

    await page.click(`button:has-text("Replay ${expected.body.matched} event(s) now")`);
    await expect(page.locator('main p').first().textContent()).resolves.toContain(
      `${expected.body.matched} event(s) re-delivered`,
    );
    await checkPage('15-replay-done');
    expect(await stored()).toBe(before + expected.body.matched);
  });

  it('approves, rejects and retries returns after a confirmation, each in the return timeline', async () => {
    const put = (path: string, body: unknown) => stack.call('master-data', 'PUT', path, body);
    expect((await put(`/v1/locations/${DC}`, location('dc'))).status).toBeLessThan(300);
    expect((await put(`/v1/locations/${STORE}`, location('store'))).status).toBeLessThan(300);
    await eventually(async () => {
      const res = await stack.call('inventory', 'POST', '/v1/inventory/movements', [
        {
          eventId: `console-seed-${SKU}`,
          source: 'e2e-wms',
          sourceSequence: 1,
          occurredAt: new Date().toISOString(),
          type: 'receipt',
          sku: SKU,
          locationId: DC,
          quantity: 100,
        },
      ]);
      return res.status === 200;
    });
    // The payment provider refuses refunds of a FAIL- charge: the approved return ends in exception.
    const placed = await stack.call('order-ingestion', 'POST', '/v1/orders', {
      channel: 'shopify',
      channelOrderId: `CONSOLE-${randomUUID()}`,
      orderedAt: new Date().toISOString(),
      currency: 'EUR',
      customer: { channelCustomerId: `cust-${randomUUID().slice(0, 8)}` },
      shippingAddress: {
        name: 'A',
        line1: 'Street 1',
        city: 'Köln',
        postalCode: '50667',
        countryCode: 'DE',
      },
      lines: [
        {
          lineId: 'L1',
          sku: SKU,
          quantity: 2,
          unitPrice: 2000,
          discount: 0,
          tax: 760,
          fulfillment: { type: 'ship', locationId: DC },
        },
      ],
      payment: {
        status: 'captured',
        method: 'card',
        reference: `FAIL-${randomUUID()}`,
        amount: 4760,
      },
    });
    expect(placed.status).toBe(202);
    const orderId: string = placed.body.orderId;
    await eventually(
      async () =>
        ['reserved', 'awaiting_erp', 'erp_confirmed'].includes((await orderStatus(orderId)).status),
      60_000,
    );
    for (const type of ['shipped', 'delivered']) {
      const res = await stack.call('order-ingestion', 'POST', '/v1/fulfillment-events', {
        eventId: `${orderId}-${type}`,
        orderId,
        type,
        lines: [{ lineId: 'L1', quantity: 2 }],
        locationId: DC,
        occurredAt: new Date().toISOString(),
      });
      expect(res.status).toBeLessThan(300);
    }
    const requestReturn = async () => {
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
      }, 60_000);
      expect(created.body.status).toBe('pending_approval');
      return created.body.returnId as string;
    };
    const approved = await requestReturn();
    const rejected = await requestReturn();
    const returnOf = async (id: string) =>
      (await stack.call('returns', 'GET', `/v1/returns/${id}`)).body;
    const timelineText = async () => (await page.locator('table').last().textContent()) ?? '';

    // Approve.
    await page.goto(`${consoleUrl()}/returns?status=pending_approval`);
    await expect(page.locator('table tbody').textContent()).resolves.toContain(approved);
    await page.click(`a[href="/returns/${approved}"]`);
    await checkPage('16-return-pending');
    await page.click('text=Approve return');
    await checkPage('17-confirm-approve');
    await page.click('button:has-text("Confirm")');
    await expect(page.locator('[role=status]').textContent()).resolves.toContain('Return approved');
    expect((await returnOf(approved)).status).toBe('authorized');
    expect(await timelineText()).toContain('approved');
    expect(await timelineText()).toContain('alice (ops-console) (admin key)');
    await checkPage('18-return-approved');

    // Reject, with the reason and who rejected it in the timeline.
    await page.goto(`${consoleUrl()}/returns/${rejected}`);
    await page.click('text=Reject return');
    await page.fill('#reason', 'outside the policy');
    await checkPage('19-confirm-reject');
    await page.click('button:has-text("Confirm")');
    await expect(page.locator('[role=status]').textContent()).resolves.toContain('Return rejected');
    const gone = await returnOf(rejected);
    expect(gone.status).toBe('rejected');
    expect(gone.statusReason).toBe('outside the policy (rejected by alice (ops-console))');
    expect(await timelineText()).toContain('rejected by alice (ops-console)');

    // Retry: the approved return's refund is refused, it waits in exception for an operator.
    expect(
      (await stack.call('returns', 'POST', `/v1/returns/${approved}/receive`, {})).status,
    ).toBe(200);
    const inspected = await stack.call('returns', 'POST', `/v1/returns/${approved}/inspection`, {
      lines: [{ lineId: 'L1', condition: 'new' }],
    });
    expect(inspected.status).toBe(200);
    await eventually(async () => (await returnOf(approved)).status === 'exception', 60_000);
    await page.goto(`${consoleUrl()}/returns/${approved}`);
    await expect(page.locator('dl.facts').textContent()).resolves.toContain('refund');
    await checkPage('20-return-exception');
    await page.click('text=Retry from the failed step');
    await checkPage('21-confirm-retry-return');
    await page.click('button:has-text("Confirm")');
    await expect(page.locator('[role=status]').textContent()).resolves.toContain('Retry requested');
    const retried = await returnOf(approved);
    expect(retried.timeline.map((t: { event: string }) => t.event)).toContain(
      'retried by operator',
    );
    expect(await timelineText()).toContain('retried by operator');
    const retry = retried.timeline.find(
      (t: { event: string }) => t.event === 'retried by operator',
    );
    expect(retry.detail.by).toBe('alice (ops-console) (admin key)');
  });

  it('reconciles inventory with the ERP and imports the orders a channel dropped after a dry run', async () => {
    await page.goto(`${consoleUrl()}/reconciliation`);
    await checkPage('22-reconciliation');

    // The ERP holds stock of an item at a location where we hold none: a drift of -7.
    const erpSeed = await stack.call('backoffice-simulator', 'POST', '/admin/seed/items', {
      items: [{ id: 'NS-CONSOLE-DRIFT', sku: 'CONSOLE-DRIFT', name: 'drifting item' }],
      onHand: { locationIds: ['CONSOLE-ERP-ONLY'], quantity: 7 },
    });
    expect(erpSeed.status).toBe(200);
    const expected = (await stack.call('inventory', 'GET', '/v1/reconciliation/erp')).body;
    expect(expected.drifting).toBeGreaterThan(0);
    await page.click('button:has-text("Compare with the ERP")');
    await expect(page.locator('main p').first().textContent()).resolves.toContain(
      `${expected.positions} position(s) checked`,
    );
    await expect(page.locator('main p').first().textContent()).resolves.toContain(
      `${expected.drifting} drifting`,
    );
    await expect(page.locator('table tbody tr').count()).resolves.toBe(expected.drifting);
    const drift = page.locator('table tbody tr', { hasText: 'CONSOLE-ERP-ONLY' });
    await expect(drift.locator('td').allTextContents()).resolves.toEqual([
      'NS-CONSOLE-DRIFT',
      'CONSOLE-ERP-ONLY',
      '0',
      '0',
      '7',
      '-7',
    ]);
    await checkPage('23-inventory-vs-erp');

    // Shopify orders whose webhooks were lost.
    const sim = (method: string, path: string, body?: unknown) =>
      stack.call('channel-simulator', method, path, body);
    expect((await sim('POST', '/admin/faults', { shopify: { dropWebhooks: 1 } })).status).toBe(200);
    const seeded = await sim('POST', '/admin/orders', {
      channel: 'shopify',
      count: 2,
      skus: [SKU],
    });
    expect(seeded.status).toBe(201);
    const dropped: string[] = seeded.body.ids;
    await sim('POST', '/admin/faults', { shopify: { dropWebhooks: 0 } });
    const ours = async () =>
      (
        (await stack.call('order-ingestion', 'GET', '/v1/orders?channel=shopify&limit=200')).body
          .items as Array<{ channelOrderId: string }>
      ).map((o) => o.channelOrderId);
    expect((await ours()).filter((id) => dropped.includes(id))).toEqual([]);

    await page.goto(`${consoleUrl()}/reconciliation`);
    await page.selectOption('#o-channel', 'shopify');
    await page.fill('#o-to', new Date(Date.now() + 5_000).toISOString());
    await page.click('button:has-text("Dry run")');
    await expect(page.locator('main p').first().textContent()).resolves.toContain(
      `${dropped.length} missing`,
    );
    const missing = (await page.locator('table').first().textContent()) ?? '';
    for (const id of dropped) expect(missing).toContain(id);
    await checkPage('24-orders-dry-run');
    expect((await ours()).filter((id) => dropped.includes(id))).toEqual([]);

    await page.click(`button:has-text("Import ${dropped.length} missing order(s)")`);
    await expect(page.locator('main p').first().textContent()).resolves.toContain(
      `${dropped.length} of ${dropped.length} missing order(s) imported`,
    );
    await checkPage('25-orders-imported');
    const imported = await eventually(async () => {
      const now = await ours();
      return dropped.every((id) => now.includes(id)) ? now : undefined;
    }, 60_000);
    expect(imported.filter((id) => dropped.includes(id)).sort()).toEqual([...dropped].sort());
  });

  it('compares refunds with the payment provider and says what to do about a refund no return records', async () => {
    const stray = await stack.call(
      'backoffice-simulator',
      'POST',
      '/payments/v1/refunds',
      {
        paymentReference: 'pay-console-stray',
        amount: 4321,
        currency: 'EUR',
        metadata: { returnId: 'ret-console-stray' },
      },
      { 'idempotency-key': `console-stray-${Date.now()}` },
    );
    expect(stray.status).toBe(201);
    await page.goto(`${consoleUrl()}/reconciliation`);
    await page.fill('#r-to', new Date(Date.now() + 60_000).toISOString());
    await page.click('button:has-text("Compare with the payment provider")');
    await expect(page.locator('h1').textContent()).resolves.toContain('Refunds vs payments');
    const row = page.locator('table tbody tr', { hasText: stray.body.id });
    const cells = (await row.locator('td').allTextContents()).map((t) => t.trim());
    expect(cells).toEqual([
      'paid out, not recorded',
      'ret-console-stray',
      stray.body.id,
      '—',
      '4321 EUR (succeeded)',
      expect.stringContaining('retry the return'),
    ]);
    await checkPage('26-refunds-vs-payments');

    // A window returns refuses comes back as the form with the reason.
    await page.goto(`${consoleUrl()}/reconciliation`);
    await page.fill('#r-from', '2026-12-02T00:00:00Z');
    await page.fill('#r-to', '2026-12-01T00:00:00Z');
    await page.click('button:has-text("Compare with the payment provider")');
    await expect(page.locator('[role=alert]').textContent()).resolves.toContain('returns refused');
  });

  it('lists returns and shows the sign-in page again after signing out', async () => {
    await page.goto(`${consoleUrl()}/returns`);
    await expect(page.locator('h1').textContent()).resolves.toBe('Returns');
    await checkPage('12-returns');
    await page.click('button:has-text("Sign out")');
    expect(new URL(page.url()).pathname).toBe('/login');
    await page.goto(`${consoleUrl()}/`);
    expect(new URL(page.url()).pathname).toBe('/login');
  });
});
