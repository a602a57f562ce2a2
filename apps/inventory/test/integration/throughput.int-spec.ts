import { DataSource } from 'typeorm';
import { ReserveStockHandler } from '../../src/reservations/reserve-stock/reserve-stock.handler';
import {
  eventually,
  Inventory,
  movement,
  postMovements,
  sendCommand,
  startInventory,
} from './support';

/** Measured figures (printed), with the correctness checks that make them meaningful. */
describe('movement throughput', () => {
  let svc: Inventory;
  const applied = async (prefix: string) =>
    Number(
      (
        await svc.app
          .get(DataSource)
          .query(
            `SELECT count(*)::int AS n FROM movements WHERE sku LIKE $1 AND status = 'applied'`,
            [`${prefix}%`],
          )
      )[0].n,
    );
  jest.setTimeout(120_000);

  beforeAll(async () => {
    svc = await startInventory();
  });
  afterAll(() => svc?.close());

  it('applies 5 HTTP batches of 1000 movements', async () => {
    const batches = Array.from({ length: 5 }, (_, b) =>
      Array.from({ length: 1000 }, (_, i) =>
        movement('receipt', b * 1000 + i + 1, 1, {
          sku: `TP-${i % 200}`,
          locationId: `loc-${i % 5}`,
        }),
      ),
    );
    const started = Date.now();
    for (const batch of batches) await postMovements(svc, batch).expect(200);
    const seconds = (Date.now() - started) / 1000;
    expect(await applied('TP-')).toBe(5000);
    process.stdout.write(
      `[inventory] HTTP batches: ${(5000 / seconds).toFixed(0)} movements/s applied\n`,
    );
  });

  it('consumes 2000 movement commands from JetStream', async () => {
    const commands = Array.from({ length: 2000 }, (_, i) =>
      movement('receipt', i + 1, 1, { sku: `JS-${i % 100}`, locationId: `loc-${i % 4}` }),
    );
    const started = Date.now();
    await Promise.all(commands.map((m) => sendCommand(svc, m)));
    const n = await eventually(
      () => applied('JS-'),
      (x) => x === 2000,
      90_000,
    );
    const seconds = (Date.now() - started) / 1000;
    expect(n).toBe(2000);
    process.stdout.write(
      `[inventory] JetStream commands: ${(2000 / seconds).toFixed(0)} movements/s applied\n`,
    );
  });

  it('reserves on one hot SKU: 1000 concurrent requests for 600 units', async () => {
    await postMovements(
      svc,
      movement('receipt', 1, 600, { sku: 'HOT-TP', locationId: 'dc-1' }),
    ).expect(200);
    const handler = svc.app.get(ReserveStockHandler);
    const started = Date.now();
    const results = await Promise.all(
      Array.from({ length: 1000 }, (_, i) =>
        handler.execute({
          orderId: `tp-${i}`,
          lineId: '1',
          sku: 'HOT-TP',
          quantity: 1,
          channel: i % 2 ? 'web' : 'pos',
        }),
      ),
    );
    const seconds = (Date.now() - started) / 1000;
    expect(results.filter((r) => r.status === 'reserved')).toHaveLength(600);
    const [p] = await svc.app
      .get(DataSource)
      .query(`SELECT on_hand, reserved FROM positions WHERE sku = 'HOT-TP'`);
    expect(p).toEqual({ on_hand: 600, reserved: 600 });
    process.stdout.write(
      `[inventory] hot SKU: ${(1000 / seconds).toFixed(0)} reservations/s (handler, no HTTP)\n`,
    );
  });
});
