import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'http';
import type { AddressInfo } from 'net';
import { Harness, startOrderIngestion } from './harness';
import { canonicalOrder } from './order-fixtures';

jest.setTimeout(60_000);

type Entry = { orderId: string; email?: string; correlationId?: string };

/**
 * Master-data's `POST /v1/customers:match-batch` as a stub: records every call, answers each
 * entry on its own (a customer per order; `refused@` refused; `busy@` unavailable once), and
 * can hold its answers (the gate) or fail whole calls (down).
 */
class MasterDataStub {
  readonly calls: Entry[][] = [];
  held = 0;
  down = false;
  private gate: Promise<void> = Promise.resolve();
  private open = () => {};
  private readonly busy = new Set<string>();
  private server?: Server;

  close() {
    this.gate = new Promise((r) => (this.open = r));
  }

  release() {
    this.open();
  }

  async start(): Promise<string> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((r) => this.server!.listen(0, '127.0.0.1', r));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  stop() {
    this.release();
    return new Promise((r) => this.server?.close(r));
  }

  private async handle(req: IncomingMessage, res: ServerResponse) {
    let raw = '';
    for await (const chunk of req) raw += chunk;
    if (req.url !== '/v1/customers:match-batch') return reply(res, 404, {});
    const { matches } = JSON.parse(raw) as { matches: Entry[] };
    this.calls.push(matches);
    this.held++;
    await this.gate;
    this.held--;
    if (this.down) return reply(res, 503, { status: 503, detail: 'database unavailable' });
    // As the body parser refuses a whole body for one bad string in one entry.
    if (matches.some((e) => e.email === 'poison@example.com'))
      return reply(res, 422, { status: 422, detail: 'must not contain NUL characters' });
    reply(res, 200, { results: matches.map((e, index) => this.answer(e, index)) });
  }

  private answer(e: Entry, index: number) {
    const base = { index, orderId: e.orderId };
    if (e.email === 'refused@example.com')
      return { ...base, outcome: 'refused', status: 422, problem: { detail: 'bad e-mail' } };
    if (e.email === 'busy@example.com' && !this.busy.has(e.orderId)) {
      this.busy.add(e.orderId);
      return { ...base, outcome: 'refused', status: 503, problem: { detail: 'try later' } };
    }
    const customerId = `cus-${e.orderId}`;
    return { ...base, outcome: 'created', status: 201, customerId, matchedBy: 'none' };
  }
}

function reply(res: ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

const LANES = 8;

describe('order pipeline: customer matching in batches', () => {
  let h: Harness;
  const stub = new MasterDataStub();

  beforeAll(async () => {
    const url = await stub.start();
    h = await startOrderIngestion(
      { MASTERDATA_BASE_URL: url, PIPELINE_CONCURRENCY: String(LANES) },
      { httpCustomers: true },
    );
    h.catalog.publish('SKU-1');
  });
  afterAll(async () => {
    await h?.svc.close();
    await stub.stop();
  });

  const runningJobs = async () => {
    const [{ n }] = await h.db.query(
      `SELECT count(*)::int AS n FROM jobs WHERE queue = 'orders' AND state = 'running'`,
    );
    return n as number;
  };
  const until = async (probe: () => Promise<boolean> | boolean, what: string) => {
    const deadline = Date.now() + 30_000;
    while (!(await probe())) {
      if (Date.now() > deadline) throw new Error(`never: ${what}`);
      await new Promise((r) => setTimeout(r, 25));
    }
  };

  it('matches the customers of a burst in fewer calls than orders, each order its own customer', async () => {
    stub.close();
    const accepted = await Promise.all(
      Array.from({ length: 12 }, () => h.post('/v1/orders', canonicalOrder()).expect(202)),
    );
    const ids = accepted.map((r) => r.body.orderId as string);
    // Every lane is inside a match: two calls out (held), the others' matches wait to go together.
    await until(async () => stub.held === 2 && (await runningJobs()) === LANES, 'all lanes busy');
    stub.release();
    const done = await Promise.all(ids.map((id) => h.waitForStatus(id, 'erp_confirmed')));
    for (const [i, order] of done.entries())
      expect(order.customer.customerId).toBe(`cus-${ids[i]}`);
    const sent = stub.calls.flat().map((e) => e.orderId);
    expect(new Set(sent)).toEqual(new Set(ids));
    expect(stub.calls.length).toBeLessThan(ids.length);
    expect(Math.max(...stub.calls.map((c) => c.length))).toBeGreaterThan(1);
    // Each entry carries its own order's correlation id.
    expect(stub.calls.flat().every((e) => typeof e.correlationId === 'string')).toBe(true);
  });

  it('sends a call refused as a whole again order by order: one bad order waits alone', async () => {
    stub.close();
    const orders = Array.from({ length: LANES }, (_, i) =>
      canonicalOrder(i === LANES - 1 ? { customer: { email: 'poison@example.com' } } : {}),
    );
    const accepted = await Promise.all(orders.map((o) => h.post('/v1/orders', o).expect(202)));
    const ids = accepted.map((r) => r.body.orderId as string);
    const poison = ids[LANES - 1];
    await until(async () => stub.held === 2 && (await runningJobs()) === LANES, 'all lanes busy');
    stub.release();
    const done = await Promise.all(
      ids.slice(0, -1).map((id) => h.waitForStatus(id, 'erp_confirmed')),
    );
    expect(done.map((o) => o.customer.customerId)).toEqual(
      ids.slice(0, -1).map((id) => `cus-${id}`),
    );
    await until(async () => {
      const view = (await h.get(`/v1/orders/${poison}`)).body;
      return String(view.statusReason ?? '').includes('customer matching failed');
    }, 'the poisoned order waiting on customer matching');
    const waiting = (await h.get(`/v1/orders/${poison}`)).body;
    expect(waiting.status).toBe('received');
    expect(waiting.customer.customerId).toBeUndefined();
    // Its neighbours of the refused call were matched by calls of their own.
    const refusedWith = stub.calls.filter(
      (c) => c.length > 1 && c.some((e) => e.orderId === poison),
    );
    for (const neighbour of refusedWith.flat().filter((e) => e.orderId !== poison))
      expect(stub.calls).toContainEqual([expect.objectContaining({ orderId: neighbour.orderId })]);
    await h
      .post(`/v1/orders/${poison}/cancel`, {})
      .expect((r) => expect(r.status).toBeLessThan(300));
  });

  it('keeps an order on the customer step while master-data fails, never as a guest', async () => {
    stub.down = true;
    const { body } = await h.post('/v1/orders', canonicalOrder()).expect(202);
    await until(async () => {
      const view = (await h.get(`/v1/orders/${body.orderId}`)).body;
      return String(view.statusReason ?? '').includes('customer matching failed');
    }, 'the order waiting on customer matching');
    const waiting = (await h.get(`/v1/orders/${body.orderId}`)).body;
    expect(waiting.status).toBe('received');
    expect(waiting.customer.customerId).toBeUndefined();
    stub.down = false;
    const done = await h.waitForStatus(body.orderId, 'erp_confirmed');
    expect(done.customer.customerId).toBe(`cus-${body.orderId}`);
  });

  it('retries an entry master-data could not answer; goes on without a customer only when refused', async () => {
    const busy = canonicalOrder({ customer: { email: 'busy@example.com' } });
    const refused = canonicalOrder({ customer: { email: 'refused@example.com' } });
    const [a, b] = await Promise.all([
      h.post('/v1/orders', busy).expect(202),
      h.post('/v1/orders', refused).expect(202),
    ]);
    const retried = await h.waitForStatus(a.body.orderId, 'erp_confirmed');
    expect(retried.customer.customerId).toBe(`cus-${a.body.orderId}`);
    expect(stub.calls.flat().filter((e) => e.orderId === a.body.orderId).length).toBe(2);
    const without = await h.waitForStatus(b.body.orderId, 'erp_confirmed');
    expect(without.customer.customerId).toBeUndefined();
    const notes = without.timeline.flatMap((t: any) => t.transformations);
    expect(notes).toContainEqual(
      expect.objectContaining({
        note: 'no customer matched',
        reason: expect.stringContaining('422'),
      }),
    );
  });
});
