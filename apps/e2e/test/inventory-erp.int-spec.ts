import { eventually, Stack, startStack } from '../src/stack';

/**
 * Inventory posts on-hand changes to the ERP (the back-office simulator, NetSuite REST shape)
 * in aggregated batches, keyed by batch id, and reconciles its on-hand with the ERP's.
 * Both run as real processes.
 */
describe('inventory ERP posting and reconciliation', () => {
  let stack: Stack;
  let seq = 0;
  const inv = (method: string, path: string, body?: unknown) =>
    stack.call('inventory', method, path, body);
  const sim = (method: string, path: string, body?: unknown) =>
    stack.call('backoffice-simulator', method, path, body);
  const mv = (type: string, sku: string, locationId: string, quantity: number) => ({
    eventId: `erp-e2e-${++seq}`,
    source: 'wms',
    sourceSequence: seq,
    occurredAt: new Date().toISOString(),
    type,
    sku,
    locationId,
    quantity,
  });
  const adjustments = async () => (await sim('GET', '/admin/stats')).body.erp.inventoryAdjustments;
  const reconcile = async (sku: string) =>
    (await inv('GET', `/v1/reconciliation/erp?sku=${sku}`)).body;

  beforeAll(async () => {
    stack = await startStack({
      only: ['backoffice-simulator', 'inventory'],
      env: { inventory: { ERP_POST_INTERVAL_MS: '300', ERP_TIMEOUT_MS: '2000' } },
    });
  }, 120_000);
  afterAll(() => stack?.stop());

  it('posts the net delta per SKU and location as one batch, and then shows no drift', async () => {
    const before = await adjustments();
    const batch = [];
    for (const sku of ['ERP-A', 'ERP-B', 'ERP-C']) {
      for (const loc of ['dc-1', 'dc-2']) {
        for (let i = 0; i < 10; i++) batch.push(mv(i % 3 === 2 ? 'sale' : 'receipt', sku, loc, 2));
      }
    }
    const res = await inv('POST', '/v1/inventory/movements', batch);
    expect(res.status).toBe(200);
    for (const sku of ['ERP-A', 'ERP-B', 'ERP-C']) {
      const report = await eventually(async () => {
        const r = await reconcile(sku);
        return r.items.every((i: { unposted: number }) => i.unposted === 0) && r.items.length === 2
          ? r
          : undefined;
      });
      expect(report.drifting).toBe(0);
      expect(report.items.map((i: { erpOnHand: number }) => i.erpOnHand)).toEqual([8, 8]);
    }
    const after = await adjustments();
    expect(after.created - before.created).toBe(1);
    expect(after.lines - before.lines).toBe(6);
  }, 60_000);

  it('posts a batch retried after the ERP dropped its response exactly once', async () => {
    const before = await adjustments();
    await sim('POST', '/admin/faults', { erp: { dropResponseAfterCommit: true } });
    await inv('POST', '/v1/inventory/movements', mv('receipt', 'ERP-RETRY', 'dc-1', 5));
    await eventually(async () => (await adjustments()).repeated > before.repeated, 20_000);
    await sim('POST', '/admin/faults', { erp: { mode: 'up', dropResponseAfterCommit: false } });
    const report = await eventually(async () => {
      const r = await reconcile('ERP-RETRY');
      return r.items[0]?.unposted === 0 ? r : undefined;
    });
    expect(report.items[0]).toMatchObject({ sku: 'ERP-RETRY', onHand: 5, erpOnHand: 5, drift: 0 });
    expect((await adjustments()).created - before.created).toBe(1);
  }, 60_000);

  it('reports drift per SKU and location when the ERP disagrees', async () => {
    const seeded = await sim('POST', '/admin/seed/items', {
      items: [{ id: 'ERP-DRIFT', sku: 'ERP-DRIFT', name: 'drifting item' }],
      onHand: { locationIds: ['dc-1', 'dc-9'], quantity: 9 },
    });
    expect(seeded.status).toBe(200);
    await inv('POST', '/v1/inventory/movements', mv('receipt', 'ERP-DRIFT', 'dc-1', 4));
    const report = await eventually(async () => {
      const r = await reconcile('ERP-DRIFT');
      return r.items.find((i: { locationId: string }) => i.locationId === 'dc-1')?.unposted === 0
        ? r
        : undefined;
    });
    expect(report.drifting).toBe(2);
    expect(report.items).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          sku: 'ERP-DRIFT',
          locationId: 'dc-1',
          onHand: 4,
          erpOnHand: 13,
          drift: -9,
        }),
        expect.objectContaining({
          erpItemId: 'ERP-DRIFT',
          erpLocationId: 'dc-9',
          onHand: 0,
          erpOnHand: 9,
          drift: -9,
        }),
      ]),
    );
  }, 60_000);
});
