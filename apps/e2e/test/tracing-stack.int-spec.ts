import { randomBytes } from 'crypto';
import { createServer, type Server } from 'http';
import type { AddressInfo } from 'net';
import { createProducts } from '../src/master-data';
import { postShopifyOrder, shopifyOrderPayload } from '../src/shopify-webhook';
import { eventually, Stack, startStack } from '../src/stack';

jest.setTimeout(180_000);

/** OTLP span kinds (opentelemetry-proto): server, client, producer, consumer. */
const KIND = { server: 2, client: 3, producer: 4, consumer: 5 } as const;

interface ReceivedSpan {
  service: string;
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: number;
  attributes: Record<string, unknown>;
}

type OtlpAttribute = { key: string; value: Record<string, unknown> };
const attributesOf = (list: OtlpAttribute[] = []) =>
  Object.fromEntries(list.map((a) => [a.key, Object.values(a.value)[0]]));

/** A tiny OTLP/HTTP (JSON) collector: what the services export, as they export it. */
function startCollector(): Promise<{ server: Server; url: string; spans: ReceivedSpan[] }> {
  const spans: ReceivedSpan[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (req.url === '/v1/traces' && req.headers['content-type']?.includes('json')) {
        const body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
        for (const rs of body.resourceSpans ?? []) {
          const service = String(attributesOf(rs.resource?.attributes)['service.name']);
          for (const ss of rs.scopeSpans ?? [])
            for (const s of ss.spans ?? [])
              spans.push({
                service,
                traceId: s.traceId,
                spanId: s.spanId,
                parentSpanId: s.parentSpanId || undefined,
                name: s.name,
                kind: s.kind,
                attributes: attributesOf(s.attributes),
              });
        }
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{}');
    });
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({
        server,
        url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
        spans,
      }),
    ),
  );
}

/** The named services as processes, each exporting its spans over OTLP/HTTP to one collector. */
async function tracedStack(only: string[]) {
  const collector = await startCollector();
  const otel = {
    OTEL_TRACES_EXPORTER: 'otlp',
    OTEL_EXPORTER_OTLP_ENDPOINT: collector.url,
    OTEL_BSP_SCHEDULE_DELAY: '100',
  };
  const stack = await startStack({
    only,
    env: Object.fromEntries(only.map((name) => [name, otel])),
  });
  return { stack, collector };
}

/**
 * Traces across real processes, exported over OTLP/HTTP as configured by the standard variables
 * only: a product saved at master-data (HTTP, PostgreSQL, outbox) reaches order-ingestion's read
 * model (JetStream consumer, PostgreSQL) in the caller's trace, each hop the child of the last.
 */
describe('traces across the process stack (OTLP/HTTP)', () => {
  let stack: Stack;
  let collector: Awaited<ReturnType<typeof startCollector>>;

  beforeAll(async () => {
    ({ stack, collector } = await tracedStack(['master-data', 'order-ingestion']));
  }, 150_000);
  afterAll(async () => {
    await stack?.stop();
    await new Promise((resolve) => collector?.server.close(resolve));
  });

  it('follows a product from the HTTP request to the read model of another service', async () => {
    const sku = `TRACE-${randomBytes(4).toString('hex').toUpperCase()}`;
    const traceId = randomBytes(16).toString('hex');
    const callerSpan = randomBytes(8).toString('hex');
    const correlationId = `trace-stack-${sku}`;
    await createProducts(stack, [sku], {
      traceparent: `00-${traceId}-${callerSpan}-01`,
      'x-correlation-id': correlationId,
    });

    const inTrace = () => collector.spans.filter((s) => s.traceId === traceId);
    const consumed = await eventually(
      async () =>
        inTrace().find((s) => s.service === 'order-ingestion' && s.kind === KIND.consumer),
      30_000,
    );
    // The consumer's own queries are exported with it or shortly after; master-data exports its
    // request and publish spans on its own schedule (a busy machine can deliver them later).
    await eventually(async () => inTrace().some((s) => s.parentSpanId === consumed.spanId), 10_000);
    await eventually(
      async () =>
        inTrace().some((s) => s.service === 'master-data' && s.kind === KIND.server) &&
        inTrace().some((s) => s.service === 'master-data' && s.kind === KIND.producer),
      30_000,
    );
    const spans = inTrace();
    const byId = new Map(spans.map((s) => [s.spanId, s]));

    const server = spans.find((s) => s.service === 'master-data' && s.kind === KIND.server);
    expect(server).toMatchObject({
      parentSpanId: callerSpan,
      name: 'PUT /v1/products/:sku',
      attributes: { 'retail.correlation_id': correlationId, 'http.route': '/v1/products/:sku' },
    });
    const isPg = (s: ReceivedSpan) =>
      (s.attributes['db.system.name'] ?? s.attributes['db.system']) === 'postgresql';
    expect(spans.some((s) => isPg(s) && s.parentSpanId === server!.spanId)).toBe(true);

    const publish = spans.find((s) => s.service === 'master-data' && s.kind === KIND.producer);
    expect(publish).toBeDefined();
    expect(publish!.attributes['retail.correlation_id']).toBe(correlationId);
    // The outbox row was written inside the request: its publish descends from the server span.
    let ancestor = byId.get(publish!.parentSpanId ?? '');
    while (ancestor && ancestor !== server) ancestor = byId.get(ancestor.parentSpanId ?? '');
    expect(ancestor).toBe(server);

    expect(consumed.parentSpanId).toBe(publish!.spanId);
    expect(consumed.attributes['retail.correlation_id']).toBe(correlationId);
    expect(consumed.attributes['messaging.consumer.group.name']).toMatch(/^order-ingestion--/);
    expect(spans.some((s) => isPg(s) && s.parentSpanId === consumed.spanId)).toBe(true);
  });

  it('records nothing for health probes', async () => {
    expect(
      collector.spans.some((s) => String(s.attributes['url.path']).startsWith('/health')),
    ).toBe(false);
  });
});

/**
 * The path: a channel's webhook at order-ingestion to the ERP call at the back-office
 * system, one trace across processes, the platform job queue (pipeline, ERP lane) included.
 */
describe('one trace from a channel webhook to the ERP call (OTLP/HTTP)', () => {
  const SKU = `TRACE-ERP-${randomBytes(3).toString('hex').toUpperCase()}`;
  let stack: Stack;
  let collector: Awaited<ReturnType<typeof startCollector>>;

  beforeAll(async () => {
    ({ stack, collector } = await tracedStack([
      'backoffice-simulator',
      'master-data',
      'inventory',
      'order-ingestion',
    ]));
    await createProducts(stack, [SKU]);
  }, 240_000);
  afterAll(async () => {
    await stack?.stop();
    await new Promise((resolve) => collector?.server.close(resolve));
  });

  it('follows a Shopify order from its webhook through the pipeline to the ERP sales order', async () => {
    const traceId = randomBytes(16).toString('hex');
    const callerSpan = randomBytes(8).toString('hex');
    const correlationId = `trace-erp-${SKU}`;
    const payload = shopifyOrderPayload(
      Number.parseInt(randomBytes(4).toString('hex'), 16),
      { sku: SKU, title: 'Traced mug', price: '9.99', variantId: 44123456789301 },
      1003,
    );
    const orderId = await postShopifyOrder(stack, payload, correlationId, {
      traceparent: `00-${traceId}-${callerSpan}-01`,
    });
    await eventually(async () => {
      const view = await stack.call('order-ingestion', 'GET', `/v1/orders/${orderId}`);
      return view.body.status === 'erp_confirmed';
    }, 90_000);

    const inTrace = () => collector.spans.filter((s) => s.traceId === traceId);
    const erpServer = await eventually(
      async () =>
        inTrace().find(
          (s) =>
            s.service === 'backoffice-simulator' &&
            s.kind === KIND.server &&
            // NetSuite's upsert by external id: PUT .../salesOrder/eid:<order id>
            JSON.stringify(s.attributes).includes(`salesOrder/eid:${orderId}`),
        ),
      30_000,
    );
    // Every hop back from the ERP's answer, once each process has exported its part of the trace.
    const chainFrom = (spans: ReceivedSpan[]) => {
      const byId = new Map(spans.map((s) => [s.spanId, s]));
      const chain: ReceivedSpan[] = [];
      for (let s: ReceivedSpan | undefined = erpServer; s; s = byId.get(s.parentSpanId ?? ''))
        chain.push(s);
      return chain;
    };
    await eventually(async () => chainFrom(inTrace()).at(-1)?.parentSpanId === callerSpan, 30_000);
    const spans = inTrace();
    const webhook = spans.find((s) => s.service === 'order-ingestion' && s.kind === KIND.server);
    expect(webhook).toMatchObject({
      parentSpanId: callerSpan,
      attributes: { 'retail.correlation_id': correlationId },
    });
    // From the ERP's answer back to the webhook, in one trace.
    const chain = chainFrom(spans);
    expect(chain.at(-1)).toBe(webhook);
    const jobRuns = chain.filter((s) => s.service === 'order-ingestion' && s.name.endsWith(' run'));
    // The pipeline's job and the ERP lane's job, each continuing the trace that enqueued it.
    expect(jobRuns.map((s) => s.name).sort()).toEqual(['erp run', 'orders run']);
    expect(chain.some((s) => s.service === 'order-ingestion' && s.kind === KIND.client)).toBe(true);
  });
});
