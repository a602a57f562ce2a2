import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { connect } from '@nats-io/transport-node';
import type { NatsConnection } from '@nats-io/nats-core';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { testNatsUrl } from '@retail/platform-testing';
import { postShopifyOrder, shopifyOrderPayload } from '../src/shopify-webhook';
import { ADMIN_KEY, eventually, Stack, startStack } from '../src/stack';

jest.setTimeout(300_000);

const MAIN = join(__dirname, '..', '..', '..', 'dist', 'apps', 'retailctl', 'src', 'main.js');
const SKU = 'CLI-MUG';

interface Run {
  code: number;
  stdout: string;
  stderr: string;
  json: any;
}

/**
 * Every retailctl command against the process stack, as a script runs it: a child process,
 * its exit code, JSON on stdout, progress on stderr. Dry runs publish nothing.
 */
describe('retailctl against the process stack', () => {
  let stack: Stack;
  let nc: NatsConnection;

  const retailctl = (...args: string[]): Promise<Run> =>
    new Promise((resolve) => {
      const env = {
        PATH: process.env.PATH,
        RETAIL_API_KEY: ADMIN_KEY,
        ORDERS_BASE_URL: stack.url('order-ingestion'),
        INVENTORY_BASE_URL: stack.url('inventory'),
        RETURNS_BASE_URL: stack.url('returns'),
      };
      execFile(process.execPath, [MAIN, ...args], { env }, (error, stdout, stderr) => {
        let json: unknown;
        try {
          json = JSON.parse(stdout);
        } catch {
          json = undefined;
        }
        resolve({ code: error ? Number(error.code) : 0, stdout, stderr, json });
      });
    });

  const stored = async (stream: string) => {
    const jsm = await jetstreamManager(nc);
    return (await jsm.streams.info(`${stack.namespace.toUpperCase()}_${stream}`)).state.messages;
  };

  const shopifyOrder = (id: number, correlationId: string) =>
    postShopifyOrder(
      stack,
      shopifyOrderPayload(
        id,
        { sku: SKU, title: 'CLI mug', price: '9.99', variantId: 44123456789201 },
        1002,
      ),
      correlationId,
    );
  const waitFor = (id: string, status: string) =>
    eventually(async () => {
      const o = (await stack.call('order-ingestion', 'GET', `/v1/orders/${id}`)).body;
      return o.status === status ? o : undefined;
    }, 60_000);

  beforeAll(async () => {
    stack = await startStack({
      only: ['backoffice-simulator', 'master-data', 'inventory', 'order-ingestion', 'returns'],
    });
    const product = await stack.call('master-data', 'PUT', `/v1/products/${SKU}`, {
      name: 'CLI mug',
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
  }, 240_000);

  afterAll(async () => {
    await nc?.close();
    await stack?.stop();
  });

  let refused: string;
  const correlationId = `cli-${randomUUID()}`;

  it('orders stuck: lists an order the ERP refused with its reason; exit 5 with --fail-if-any', async () => {
    await stack.call('backoffice-simulator', 'POST', '/admin/faults', { erp: { mode: 'reject' } });
    refused = await shopifyOrder(8300000001, correlationId);
    await waitFor(refused, 'exception');
    await stack.call('backoffice-simulator', 'POST', '/admin/faults', { erp: { mode: 'up' } });

    const run = await retailctl('--json', 'orders', 'stuck', '--fail-if-any');
    expect(run.code).toBe(5);
    expect(run.json.orders).toEqual([
      expect.objectContaining({
        orderId: refused,
        status: 'exception',
        reason: expect.stringContaining('ERP rejected create'),
      }),
    ]);
    expect(run.stderr).toContain('reading reasons: 1/1');

    const human = await retailctl('orders', 'stuck');
    expect(human.code).toBe(0);
    expect(human.stdout).toMatch(/ORDER\s+CHANNEL/);
    expect(human.stdout).toContain(refused);
  });

  it('orders retry: the order reaches erp_confirmed with who asked in its timeline; a second retry is refused (exit 1)', async () => {
    const run = await retailctl('--json', 'orders', 'retry', refused, '--as', 'oncall-bob');
    expect(run.code).toBe(0);
    expect(run.json).toMatchObject({ status: 'awaiting_erp', retriedStep: 'erp' });
    const confirmed = await waitFor(refused, 'erp_confirmed');
    expect(confirmed.timeline).toContainEqual(
      expect.objectContaining({
        step: 'retry:erp',
        reason: 'retry requested by oncall-bob (retailctl) (admin key)',
      }),
    );
    const again = await retailctl('orders', 'retry', refused);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('only an order in exception can be retried');
  });

  it('trace: follows the correlation id from the webhook to the ERP sales order', async () => {
    const run = await retailctl('--json', 'trace', correlationId);
    expect(run.code).toBe(0);
    const steps = run.json.steps.map((s: { what: string }) => s.what).join('\n');
    expect(steps).toContain('received');
    expect(steps).toContain('retry:erp');
    const erp = run.json.steps.filter((s: { what: string; status: string }) =>
      s.what.endsWith('erp-create'),
    );
    expect(erp.map((s: { status: string }) => s.status)).toEqual(['exception', 'erp_confirmed']);
    expect((await retailctl('trace', 'nobody-ever-used-this')).code).toBe(1);
  });

  it('dlq list and dlq replay: filters, a dry run that publishes nothing, then one replay', async () => {
    const event = {
      specversion: '1.0',
      id: randomUUID(),
      source: 'e2e',
      type: 'retail.orders.v1.order.shipped',
      time: new Date().toISOString(),
      subject: 'order-unknown',
      correlationid: `cli-dlq-${randomUUID()}`,
      causationid: 'e2e',
      dataschemaversion: '1',
      sequence: 1,
      data: { orderId: 'order-unknown', lines: [] },
    };
    await jetstream(nc).publish(
      `${stack.namespace}.retail.dlq.RETAIL_ORDERS.inventory--consume-on-shipment`,
      JSON.stringify({
        reason: 'failed 5 deliveries; last error: carrier unknown',
        stream: 'RETAIL_ORDERS',
        consumer: 'inventory--consume-on-shipment',
        subject: event.type,
        streamSequence: 1,
        deliveries: 5,
        failedAt: new Date().toISOString(),
        event,
        payload: Buffer.from(JSON.stringify(event)).toString('base64'),
        headers: {},
      }),
    );
    const listed = await retailctl(
      '--json',
      'dlq',
      'list',
      '--stream',
      'RETAIL_ORDERS',
      '--reason',
      'carrier',
    );
    expect(listed.code).toBe(0);
    expect(listed.json.items).toHaveLength(1);
    expect(
      (await retailctl('--json', 'dlq', 'list', '--reason', 'no such reason', '--fail-if-any'))
        .code,
    ).toBe(0);
    expect((await retailctl('dlq', 'list', '--reason', 'carrier', '--fail-if-any')).code).toBe(5);

    const before = await stored('RETAIL_ORDERS');
    const dry = await retailctl('--json', 'dlq', 'replay', '--reason', 'carrier', '--dry-run');
    expect(dry.code).toBe(0);
    expect(dry.json).toMatchObject({
      dryRun: true,
      matched: 1,
      items: [expect.objectContaining({ outcome: 'would-replay' })],
    });
    expect(await stored('RETAIL_ORDERS')).toBe(before);

    const id = String(listed.json.items[0].id);
    const done = await retailctl('--json', 'dlq', 'replay', id);
    expect(done.json.items[0].outcome).toBe('replayed');
    expect(await stored('RETAIL_ORDERS')).toBe(before + 1);
    const again = await retailctl('--json', 'dlq', 'replay', id);
    expect(again.json.items[0].outcome).toBe('already-replayed');
    expect(await stored('RETAIL_ORDERS')).toBe(before + 1);
    expect((await retailctl('dlq', 'replay')).code).toBe(2);
  });

  it('replay: a dry run over a sequence window publishes nothing; the real one re-delivers that window', async () => {
    const before = await stored('RETAIL_ORDERS');
    const dry = await retailctl(
      '--json',
      'replay',
      '--stream',
      'RETAIL_ORDERS',
      '--from',
      '1',
      '--to',
      '3',
      '--dry-run',
    );
    expect(dry.code).toBe(0);
    expect(dry.json).toMatchObject({
      dryRun: true,
      matched: 3,
      republished: 0,
      firstSequence: 1,
      lastSequence: 3,
    });
    expect(await stored('RETAIL_ORDERS')).toBe(before);

    const since = new Date(Date.now() - 3_600_000).toISOString();
    const byCorrelation = await retailctl(
      '--json',
      'replay',
      '--stream',
      'RETAIL_ORDERS',
      '--from',
      since,
      '--correlation-id',
      correlationId,
      '--dry-run',
    );
    expect(byCorrelation.json.matched).toBeGreaterThan(0);
    expect(
      byCorrelation.json.items.every(
        (i: { correlationId: string }) => i.correlationId === correlationId,
      ),
    ).toBe(true);

    const real = await retailctl(
      '--json',
      'replay',
      '--stream',
      'RETAIL_ORDERS',
      '--from',
      '1',
      '--to',
      '2',
    );
    expect(real.json).toMatchObject({ dryRun: false, republished: 2 });
    expect(await stored('RETAIL_ORDERS')).toBe(before + 2);

    const future = new Date(Date.now() + 3_600_000).toISOString();
    expect(
      (await retailctl('replay', '--stream', 'RETAIL_ORDERS', '--from', future, '--dry-run')).code,
    ).toBe(2);
    expect(
      (await retailctl('replay', '--stream', 'RETAIL_ORDERS', '--from', 'yesterday')).code,
    ).toBe(2);
  });

  it('reconcile inventory: reports positions and drift (exit 0 without drift)', async () => {
    const run = await retailctl('--json', 'reconcile', 'inventory');
    expect([0, 5]).toContain(run.code);
    expect(run.json).toMatchObject({ positions: expect.any(Number), drifting: expect.any(Number) });
    expect(run.code).toBe(run.json.drifting > 0 ? 5 : 0);
  });

  it('reconcile refunds: names a refund paid at the provider for no recorded refund (exit 5)', async () => {
    const from = new Date(Date.now() - 60_000).toISOString();
    const stray = await stack.call(
      'backoffice-simulator',
      'POST',
      '/payments/v1/refunds',
      { paymentReference: 'pay-cli-stray', amount: 1234, currency: 'EUR', metadata: {} },
      { 'idempotency-key': `cli-stray-${Date.now()}` },
    );
    expect(stray.status).toBe(201);
    const to = new Date(Date.now() + 60_000).toISOString();
    const run = await retailctl('--json', 'reconcile', 'refunds', '--from', from, '--to', to);
    expect(run.code).toBe(5);
    expect(run.json.items).toContainEqual(
      expect.objectContaining({ kind: 'unrecorded_refund', refundId: stray.body.id }),
    );
    const text = await retailctl('reconcile', 'refunds', '--from', from, '--to', to);
    expect(text.stdout).toContain(stray.body.id);
    expect(text.stdout).toContain('unrecorded_refund');
    expect((await retailctl('reconcile', 'refunds')).code).toBe(2);
    expect((await retailctl('reconcile', 'refunds', '--from', to, '--to', from)).code).not.toBe(0);
  });

  it('exits 4 when the key is refused and 3 when a service is down', async () => {
    expect((await retailctl('--api-key', 'not-a-key', 'orders', 'stuck')).code).toBe(4);
    await stack.stopService('inventory');
    expect((await retailctl('reconcile', 'inventory')).code).toBe(3);
  });
});
