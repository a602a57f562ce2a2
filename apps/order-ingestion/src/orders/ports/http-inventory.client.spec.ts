import type { ServiceDependencies } from '@retail/platform-service';
import { HttpInventoryClient } from './http-inventory.client';
import { InventoryRejectedError } from './inventory.port';

type Sent = { path: string; body: { reservations: Array<Record<string, unknown>> } };

function clientWith(answer: (sent: Sent) => Promise<unknown>) {
  const sent: Sent[] = [];
  const send = jest.fn(async (req: Sent) => {
    sent.push(req);
    return { status: 200, body: await answer(req) };
  });
  const deps = { client: () => ({ send }) } as unknown as ServiceDependencies;
  return { sut: new HttpInventoryClient(deps), sent };
}

const line = (orderId: string, lineId = '1') => ({
  orderId,
  lineId,
  sku: 'SKU-1',
  quantity: 1,
  channel: 'shopify',
});
const reserved = (id: string) => ({ reservationId: id, status: 'reserved', allocations: [] });

describe('HttpInventoryClient reservations', () => {
  it('sends the lines asked in the same tick in one batch call, each with its correlation id', async () => {
    const { sut, sent } = clientWith(async ({ body }) => ({
      results: body.reservations.map((_, index) => ({
        index,
        status: 201,
        result: reserved(`r-${index}`),
      })),
    }));
    const answers = await Promise.all([
      sut.reserve(line('o-1', '1'), 'c-1'),
      sut.reserve(line('o-1', '2'), 'c-1'),
      sut.reserve(line('o-2'), 'c-2'),
    ]);
    expect(sent).toHaveLength(1);
    expect(sent[0].path).toBe('/v1/reservations:batch');
    expect(sent[0].body.reservations.map((r) => [r.orderId, r.lineId, r.correlationId])).toEqual([
      ['o-1', '1', 'c-1'],
      ['o-1', '2', 'c-1'],
      ['o-2', '1', 'c-2'],
    ]);
    expect(answers.map((a) => a.reservationId)).toEqual(['r-0', 'r-1', 'r-2']);
  });

  it('answers each line on its own: a refusal or a failure of one entry fails only that line', async () => {
    const { sut } = clientWith(async () => ({
      results: [
        { index: 2, status: 503, problem: { detail: 'database unavailable' } },
        { index: 0, status: 201, result: reserved('r-0') },
        { index: 1, status: 409, problem: { detail: 'other goods' } },
      ],
    }));
    const [ok, refused, failed] = await Promise.allSettled([
      sut.reserve(line('o-1'), 'c'),
      sut.reserve(line('o-2'), 'c'),
      sut.reserve(line('o-3'), 'c'),
    ]);
    expect(ok).toMatchObject({ status: 'fulfilled', value: { reservationId: 'r-0' } });
    expect(refused).toMatchObject({ status: 'rejected' });
    expect((refused as PromiseRejectedResult).reason).toBeInstanceOf(InventoryRejectedError);
    expect((refused as PromiseRejectedResult).reason.status).toBe(409);
    expect((failed as PromiseRejectedResult).reason).not.toBeInstanceOf(InventoryRejectedError);
    expect((failed as PromiseRejectedResult).reason.message).toContain('503');
  });

  it('fails every line of a call that did not get through, and sends what waited meanwhile next', async () => {
    let calls = 0;
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const { sut, sent } = clientWith(async ({ body }) => {
      calls++;
      if (calls === 1) {
        await gate;
        throw new Error('connection reset');
      }
      return {
        results: body.reservations.map((_, index) => ({
          index,
          status: 201,
          result: reserved(`r-${index}`),
        })),
      };
    });
    const first = sut.reserve(line('o-1'), 'c');
    await new Promise((r) => setImmediate(r));
    const second = sut.reserve(line('o-2'), 'c');
    const third = sut.reserve(line('o-3'), 'c');
    release();
    await expect(first).rejects.toThrow('connection reset');
    await expect(Promise.all([second, third])).resolves.toHaveLength(2);
    expect(sent.map((s) => s.body.reservations.length)).toEqual([1, 2]);
  });
});
