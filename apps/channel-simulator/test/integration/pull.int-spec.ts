import { CHANNELS } from '../../src/channels/channel';
import { admin, call, credentialsFor } from '../support/http';
import { PULLERS } from '../support/pull';
import { RunningSimulator, startSimulator } from '../support/start-simulator';

const PER_CHANNEL = 205;

describe('channel-simulator: every channel pull endpoint pages through 1,000+ orders', () => {
  let sim: RunningSimulator;
  let creds: Awaited<ReturnType<typeof credentialsFor>>;
  let since: string;
  const ids: Record<string, string[]> = {};

  beforeAll(async () => {
    sim = await startSimulator();
    creds = await credentialsFor(sim);
    since = new Date(Date.now() - 5000).toISOString().replace(/\.\d{3}Z$/, 'Z');
    for (const channel of CHANNELS) {
      const res = await admin.seed(sim, { channel, count: PER_CHANNEL });
      expect(res.status).toBe(201);
      ids[channel] = res.body.ids;
    }
  });
  afterAll(async () => {
    await sim.stop();
  });

  it.each(CHANNELS)(
    '%s: every seeded order exactly once, in updated order, across pages',
    async (channel) => {
      const pulled = await PULLERS[channel](sim, creds, since);
      const all = pulled.pages.flat();

      expect(pulled.pages.length).toBeGreaterThan(1);
      expect(new Set(all).size).toBe(all.length);
      expect([...all].sort()).toEqual([...ids[channel]].sort());
      const times = pulled.times.flat();
      expect(times).toEqual([...times].sort((a, b) => a - b));
    },
  );

  it.each(CHANNELS)(
    '%s: a change made in the channel is what "updated since" returns next',
    async (channel) => {
      await new Promise((r) => setTimeout(r, 1100));
      const after = new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
      await new Promise((r) => setTimeout(r, 1100));
      const id = ids[channel][7];
      const changed = await call(sim, 'POST', `/admin/orders/${channel}/${id}/update`, {
        body: {},
      });
      expect(changed.status).toBe(200);

      const pulled = await PULLERS[channel](sim, creds, after);

      expect(pulled.pages.flat()).toEqual([id]);
    },
  );

  it('answers 1,000+ orders across the six channels in /admin/stats', async () => {
    const stats = await admin.stats(sim);
    const total = CHANNELS.reduce((sum, c) => sum + stats[c].orders, 0);

    expect(total).toBeGreaterThanOrEqual(1000);
    const count = await call(sim, 'GET', '/admin/api/2024-04/orders/count.json?status=any', {
      headers: creds.shopify,
    });
    expect(count.body).toEqual({ count: PER_CHANNEL });
    expect(stats.shopify.operations['orders.list'].ok).toBeGreaterThan(1);
    expect(stats.amazon.limits.getOrders.limit).toEqual({
      kind: 'bucket',
      capacity: 20,
      ratePerSecond: 0.0167,
    });
  });
});
