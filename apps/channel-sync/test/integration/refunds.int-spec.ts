import { SUBJECTS } from '@retail/contracts';
import { JobStore } from '@retail/platform-jobs';
import { OutboxService } from '@retail/platform-messaging';
import { admin, FakeHttp, type Recorded, channelSyncOnFake, eventually } from './support';

/**
 * A fake Square seller: orders with a card tender, RefundPayment keeping one refund per
 * idempotency key (Square's documented behaviour: a repeated key answers the first refund) and
 * refusing payment `PAY-BAD` with a 400 while `refuseBad`.
 */
class FakeSquare {
  refuseBad = true;
  refunds = new Map<string, { orderId: string; amount: number; reason: string }>();

  route = (req: Recorded) => {
    const order = /\/v2\/orders\/(SQ-\w+)$/.exec(req.url);
    if (order && req.method === 'GET')
      return {
        body: {
          order: {
            id: order[1],
            state: 'COMPLETED',
            version: 3,
            updated_at: new Date().toISOString(),
            tenders: [{ id: `T-${order[1]}`, type: 'CARD', payment_id: `PAY-${order[1]}` }],
            refunds: [...this.refunds.values()]
              .filter((r) => r.orderId === order[1])
              .map((r) => ({ reason: r.reason, amount_money: { amount: r.amount } })),
          },
        },
      };
    if (req.method === 'POST' && req.url === '/v2/refunds') {
      const b = req.body;
      if (this.refuseBad && b.payment_id === 'PAY-SQ-BAD')
        return {
          status: 400,
          body: { errors: [{ category: 'INVALID_REQUEST_ERROR', code: 'REFUND_DECLINED' }] },
        };
      const orderId = String(b.payment_id).replace(/^PAY-/, '');
      if (!this.refunds.has(b.idempotency_key))
        this.refunds.set(b.idempotency_key, {
          orderId,
          amount: b.amount_money.amount,
          reason: b.reason,
        });
      return { body: { refund: { id: `R-${b.idempotency_key}`, status: 'PENDING' } } };
    }
    if (req.url.startsWith('/v1/orders')) return { body: { items: [] } };
    return { status: 404, body: { errors: [{ code: 'NOT_FOUND' }] } };
  };
}

describe('channel-sync: refunds of returns (Square account, real PostgreSQL and NATS)', () => {
  const square = new FakeSquare();
  const http = new FakeHttp(square.route);
  const ctx = channelSyncOnFake(http, (url) => ({
    CHANNEL_ACCOUNTS: 'square',
    SQUARE_API_BASE_URL: url,
    SQUARE_ACCESS_TOKEN: 'token',
    SQUARE_LOCATION_IDS: 'L1',
  }));

  const forwarded = (channelOrderId: string, orderId: string) =>
    ctx.db.query(
      `INSERT INTO forwarded_orders (account, channel_order_id, channel_updated_at, cancelled, order_id, source)
       VALUES ('square', $1, now(), false, $2, 'pull')`,
      [channelOrderId, orderId],
    );
  const refunded = async (returnId: string, orderId: string, extra: object = {}) => {
    const outbox = ctx.svc.app.get(OutboxService);
    await ctx.db.transaction((m) =>
      outbox.enqueue(m, {
        type: SUBJECTS.RETURN_REFUNDED as never,
        subject: returnId,
        data: {
          returnId,
          orderId,
          channel: 'web',
          method: 'original_payment',
          paymentReference: `psp-${returnId}`,
          refund: {
            currency: 'USD',
            lines: [
              {
                lineId: 'l1',
                sku: 'SKU-1',
                quantity: 1,
                merchandise: 1000,
                discount: 0,
                tax: 80,
                restockingFee: 0,
                total: 1080,
              },
            ],
            merchandiseTotal: 1000,
            taxTotal: 80,
            restockingFeeTotal: 0,
            total: 1080,
            taxReversal: [],
          },
          refundedAt: new Date().toISOString(),
          ...extra,
        },
      }),
    );
  };
  const refundPosts = (paymentId: string) =>
    http.requests.filter(
      (r) => r.method === 'POST' && r.url === '/v2/refunds' && r.body.payment_id === paymentId,
    );
  const outbound = async () => {
    const res = await ctx.svc.http().get('/v1/channels').set(admin);
    return res.body.items[0].outbound;
  };
  const pushed = async (outcome: string) => {
    const text = (await ctx.svc.http().get('/metrics').expect(200)).text;
    const m = new RegExp(
      `retail_channel_outbound_pushes_total\\{channel="square",kind="refund",outcome="${outcome}"\\} (\\d+)`,
    ).exec(text);
    return m ? Number(m[1]) : 0;
  };

  it('refunds a refunded return once in the channel, also when the event is delivered twice', async () => {
    await forwarded('SQ-1', 'ord-sq-1');
    await refunded('ret-1', 'ord-sq-1');
    await refunded('ret-1', 'ord-sq-1');
    await eventually(async () => square.refunds.size === 1);
    await eventually(async () => (await outbound()).refund?.depth === 0);
    expect(refundPosts('PAY-SQ-1')).toHaveLength(1);
    expect(refundPosts('PAY-SQ-1')[0].body).toEqual({
      idempotency_key: 'refund-ret-1',
      payment_id: 'PAY-SQ-1',
      amount_money: { amount: 1080, currency: 'USD' },
      reason: 'return ret-1',
    });
    expect(await pushed('applied')).toBe(1);

    // The same push run again (as after a crash between the refund and the job's completion):
    // the channel's refund carrying our return id is found, nothing is refunded again.
    const [job] = await ctx.db.query(`SELECT 1 FROM jobs WHERE key = 'refund:ret-1'`);
    expect(job).toBeUndefined();
    await JobStore.enqueue(ctx.db, 'outbound.square', [
      {
        key: 'refund:ret-1',
        payload: {
          kind: 'refund',
          orderId: 'ord-sq-1',
          occurredAt: new Date().toISOString(),
          push: {
            channelOrderId: 'SQ-1',
            refundId: 'ret-1',
            currency: 'USD',
            amount: 1080,
            lines: [{ sku: 'SKU-1', quantity: 1, amount: 1080 }],
          },
        },
      },
    ]);
    await eventually(async () => (await pushed('already_applied')) === 1);
    expect(refundPosts('PAY-SQ-1')).toHaveLength(1);
  });

  it('does not echo a return started in the channel, nor push store credit', async () => {
    await forwarded('SQ-2', 'ord-sq-2');
    const echoes = await pushed('skipped_echo');
    const credits = await pushed('skipped_store_credit');
    await refunded('ret-2', 'ord-sq-2', { channel: 'square' });
    await refunded('ret-3', 'ord-sq-2', { method: 'store_credit' });
    await eventually(async () => (await pushed('skipped_echo')) === echoes + 1);
    await eventually(async () => (await pushed('skipped_store_credit')) === credits + 1);
    expect(refundPosts('PAY-SQ-2')).toHaveLength(0);
    expect(
      await ctx.db.query(
        `SELECT key FROM jobs WHERE key LIKE 'refund:ret-%' AND key <> 'refund:ret-1'`,
      ),
    ).toEqual([]);
  });

  it("dead-letters a refused refund with the channel's answer and replays it", async () => {
    await forwarded('SQ-BAD', 'ord-sq-bad');
    await refunded('ret-bad', 'ord-sq-bad');
    const dead = await eventually(async () => {
      const res = await ctx.svc.http().get('/v1/channels/square/outbound/dead-letters').set(admin);
      return res.body.pushes.length > 0 ? res.body.pushes : undefined;
    });
    expect(dead).toEqual([
      expect.objectContaining({
        key: 'refund:ret-bad',
        kind: 'refund',
        error: expect.stringContaining('REFUND_DECLINED'),
      }),
    ]);
    expect((await outbound()).refund).toMatchObject({ deadLettered: 1 });

    square.refuseBad = false;
    const replay = await ctx.svc
      .http()
      .post('/v1/channels/square/outbound/dead-letters/replay')
      .set(admin)
      .send({ keys: ['refund:ret-bad'] });
    expect(replay.body).toEqual({ channel: 'square', pushes: 1, availability: 0 });
    await eventually(async () => refundPosts('PAY-SQ-BAD').length === 2);
    await eventually(async () => (await outbound()).refund.depth === 0);
    expect(square.refunds.get('refund-ret-bad')).toMatchObject({ amount: 1080 });
  });
});
