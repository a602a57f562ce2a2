import request from 'supertest';
import { RunningSimulator, startSimulator } from '../support/start-simulator';

const SO_PATH = '/services/rest/record/v1/salesOrder';
const ORDER = {
  entity: { id: 'CUST-1' },
  tranDate: '2026-11-26',
  currency: { id: 'EUR' },
  item: { items: [{ item: { id: 'ITEM-1' }, quantity: 1, rate: 5 }] },
};

describe('backoffice-simulator faults, concurrency and reset', () => {
  let sim: RunningSimulator;
  const http = () => request(sim.baseUrl);
  const stats = async () => (await http().get('/admin/stats').expect(200)).body;
  const faults = (body: object) => http().post('/admin/faults').send(body).expect(200);
  const upsert = (id: string) => http().put(`${SO_PATH}/eid:${id}`).send(ORDER);

  beforeAll(async () => {
    sim = await startSimulator({ erpMaxConcurrency: 5 });
  });
  afterAll(async () => {
    await sim.stop();
  });
  beforeEach(async () => {
    await http().post('/admin/reset').expect(200);
  });

  it('answers 429 NetSuite-style above maxConcurrency and records the peak', async () => {
    // Long enough that all six overlap even on a loaded machine.
    await faults({ erp: { maxConcurrency: 2, latencyMs: 1500 } });

    const responses = await Promise.all(Array.from({ length: 6 }, (_, i) => upsert(`C-${i}`)));

    const statuses = responses.map((r) => r.status).sort();
    expect(statuses).toEqual([204, 204, 429, 429, 429, 429]);
    const throttled = responses.find((r) => r.status === 429)!;
    expect(throttled.headers['retry-after']).toBe('1');
    expect(throttled.body).toMatchObject({ status: 429, title: 'Too Many Requests' });
    expect(throttled.body['o:errorDetails'][0]['o:errorCode']).toBe('CONCURRENCY_LIMIT_EXCEEDED');
    const { erp } = await stats();
    expect(erp.salesOrders.created).toBe(2);
    // The ERP ran two at once; the refused ones show only in the attempted peak.
    expect(erp.peakConcurrency).toBe(2);
    expect(erp.peakAttemptedConcurrency).toBeGreaterThan(2);
    expect(erp.requests.overConcurrency).toBe(4);
    expect(erp.inFlight).toBe(0);
    // Slot time counts the two admitted calls only (each at least its 1500 ms), not the 429s.
    expect(erp.admittedBusyMs).toBeGreaterThanOrEqual(2 * 1500);
    expect(erp.admittedBusyMs).toBeLessThan(6 * 1500);
  });

  it('never admits more than the limit under sustained load', async () => {
    await faults({ erp: { maxConcurrency: 3, latencyMs: 50 } });

    const waves = Array.from({ length: 5 }, (_, w) =>
      Promise.all(Array.from({ length: 6 }, (_, i) => upsert(`W-${w}-${i}`))),
    );
    await Promise.all(waves);

    const { erp } = await stats();
    expect(erp.peakConcurrency).toBeLessThanOrEqual(3);
    expect(erp.peakAttemptedConcurrency).toBeGreaterThan(3);
    expect(erp.requests.admitted + erp.requests.overConcurrency).toBe(30);
    expect(erp.salesOrders.created).toBe(erp.requests.admitted);
  });

  it('lowers the limit mid-run and reports the peak since a reset point', async () => {
    await faults({ erp: { maxConcurrency: 4, latencyMs: 300 } });
    const before = Promise.all(Array.from({ length: 4 }, (_, i) => upsert(`L-${i}`)));
    await new Promise((resolve) => setTimeout(resolve, 100));

    await faults({ erp: { maxConcurrency: 1 } });
    const refused = await upsert('L-over');
    await before;
    const reset = await http().post('/admin/stats/reset-peaks').expect(200);
    await Promise.all(Array.from({ length: 3 }, (_, i) => upsert(`L-after-${i}`)));

    expect(refused.status).toBe(429);
    expect(reset.body.erp.peakConcurrency).toBe(0);
    const { erp } = await stats();
    expect(erp.peakConcurrency).toBe(1);
    expect(erp.maxConcurrency).toBe(1);
    expect(Date.parse(erp.peaksSince)).toBeGreaterThan(0);
  });

  it('answers 503 while down and 429 while throttling, storing nothing', async () => {
    await faults({ erp: { mode: 'down' } });
    const down = await upsert('D-1').expect(503);
    await faults({ erp: { mode: 'throttle' } });
    const throttled = await upsert('D-2').expect(429);
    await faults({ erp: { mode: 'up' } });
    await upsert('D-3').expect(204);

    expect(down.body['o:errorDetails'][0]['o:errorCode']).toBe('SERVICE_UNAVAILABLE');
    expect(throttled.body['o:errorDetails'][0]['o:errorCode']).toBe('REQUEST_LIMIT_EXCEEDED');
    const { erp } = await stats();
    expect(erp.salesOrders.created).toBe(1);
    expect(erp.requests).toMatchObject({ down: 1, throttled: 1, admitted: 1 });
  });

  it('adds latency in slow mode', async () => {
    await faults({ erp: { mode: 'slow', latencyMs: 300 } });

    const started = Date.now();
    await upsert('S-1').expect(204);

    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
  });

  it('injects 500s at errorRate 1 before anything is stored', async () => {
    await faults({ payments: { errorRate: 1 } });

    const response = await http()
      .post('/payments/v1/refunds')
      .set('Idempotency-Key', 'k-err')
      .send({ paymentReference: 'pay_1', amount: 100, currency: 'EUR' })
      .expect(500);

    expect(response.headers['content-type']).toContain('application/problem+json');
    const { payments } = await stats();
    expect(payments.refunds.created).toBe(0);
    expect(payments.requests.injectedErrors).toBe(1);
  });

  it('commits and then drops the connection with dropResponseAfterCommit', async () => {
    await faults({ erp: { dropResponseAfterCommit: true } });

    await expect(upsert('X-1')).rejects.toThrow(/socket hang up|ECONNRESET/);

    await faults({ erp: { dropResponseAfterCommit: false } });
    const again = await upsert('X-1').expect(204);
    expect(again.headers['x-simulator-outcome']).toBe('repeated');
    const { erp } = await stats();
    expect(erp.salesOrders).toEqual({ created: 1, repeated: 1 });
    expect(erp.requests.droppedAfterCommit).toBe(1);
  });

  it('refuses unknown fault fields and bad values', async () => {
    await http()
      .post('/admin/faults')
      .send({ erp: { mode: 'sideways' } })
      .expect(400);
    await http()
      .post('/admin/faults')
      .send({ erp: { maxconcurrency: 1 } })
      .expect(400);
    await http()
      .post('/admin/faults')
      .send({ erp: { errorRate: 2 } })
      .expect(400);
  });

  it('reset truncates records, zeroes counters and restores default faults', async () => {
    await upsert('R-1').expect(204);
    await faults({ erp: { mode: 'down', maxConcurrency: 1 } });
    await upsert('R-2').expect(503);

    await http().post('/admin/reset').expect(200);

    const { erp } = await stats();
    expect(erp.salesOrders).toEqual({ created: 0, repeated: 0 });
    expect(erp.requests.total).toBe(0);
    expect(erp.peakConcurrency).toBe(0);
    const current = (await http().get('/admin/faults').expect(200)).body;
    expect(current.erp).toMatchObject({ mode: 'up', maxConcurrency: 5 });
    await upsert('R-1').expect(204);
    expect((await stats()).erp.salesOrders.created).toBe(1);
  });
});
