import { SpanKind } from '@opentelemetry/api';
import { InMemorySpanExporter, type ReadableSpan } from '@opentelemetry/sdk-trace-node';
import {
  CORRELATION_ATTRIBUTE,
  flushTracing,
  RequestContext,
  shutdownTracing,
  startTracing,
} from '@retail/platform-observability';

// Tracing starts before the app's modules load, as the service package starts it. Jest's own
// module loader keeps pg and the HTTP server unpatched in this process (the process-stack spec
// covers them); fetch (undici) and the platform's messaging spans are traced here.
const exporter = new InMemorySpanExporter();
startTracing('trace-probe', { exporter });

import { Controller, DynamicModule, HttpCode, Module, Post } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { randomBytes } from 'crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'http';
import type { AddressInfo } from 'net';
import { DataSource } from 'typeorm';
import type { CloudEvent } from '@retail/contracts';
import { BaseEnv } from '@retail/platform-config';
import { Scopes } from '@retail/platform-http';
import { dependencyErrors, HttpJsonClient } from '@retail/platform-http-client';
import {
  ConsumeEvents,
  Ok,
  OutboxService,
  type JetStreamHandler,
  type MessageMeta,
} from '@retail/platform-messaging';
import { AppOptions, loadServiceConfig, ServiceModule } from '@retail/platform-service';
import {
  eventually,
  startTestService,
  TEST_ADMIN_KEY,
  type TestService,
} from '@retail/platform-testing';

jest.setTimeout(60_000);

const SUBJECT = 'retail.orders.v1.trace-probe.requested';

/** The back-office system the consumer calls (what an ERP adapter does), recording each call. */
const erpCalls: IncomingHttpHeaders[] = [];
let erpUrl = '';

@Controller('trace-probe')
@Scopes('admin')
class ProbeController {
  constructor(
    private readonly db: DataSource,
    private readonly outbox: OutboxService,
  ) {}

  /** A state change and its event in one transaction, as every service writes them. */
  @Post()
  @HttpCode(202)
  async accept() {
    const [event] = await this.db.transaction((m) =>
      this.outbox.enqueue(m, { type: SUBJECT, subject: 'probe-1', data: { probe: true } }),
    );
    return { eventId: event.id };
  }
}

@Controller()
class ProbeConsumer implements JetStreamHandler {
  @ConsumeEvents({ durable: 'trace-probe--erp', stream: 'RETAIL_ORDERS', filterSubject: SUBJECT })
  async handle(@Payload() event: CloudEvent, @Ctx() _meta: MessageMeta) {
    const erp = new HttpJsonClient({
      baseUrl: erpUrl,
      errors: dependencyErrors('erp'),
      timeoutMs: 5_000,
    });
    await erp.send(
      { method: 'POST', path: '/sales-orders', body: { eventId: event.id } },
      { correlationId: RequestContext.correlationId() ?? event.correlationid },
    );
    return Ok;
  }
}

const persistence = { entities: [], migrations: [] };
const APP_OPTIONS: AppOptions = { title: 'trace-probe', persistence };
const loadConfig = (source: NodeJS.ProcessEnv) =>
  loadServiceConfig('trace-probe', 'trace_probe', BaseEnv, source);

@Module({})
class ProbeModule {
  static register(config: ReturnType<typeof loadConfig>): DynamicModule {
    return {
      module: ProbeModule,
      imports: [ServiceModule.forRoot(config, persistence)],
      controllers: [ProbeController, ProbeConsumer],
    };
  }
}

const kindOf = (span: ReadableSpan) => span.kind;
const parentOf = (span: ReadableSpan) => span.parentSpanContext?.spanId;

describe('tracing from an HTTP request to the back-office call its event causes (in process)', () => {
  let svc: TestService<ReturnType<typeof loadConfig>>;
  let erp: Server;

  beforeAll(async () => {
    erp = createServer((req, res) => {
      erpCalls.push(req.headers);
      req.resume();
      req.on('end', () => {
        res.writeHead(201, { 'content-type': 'application/json' });
        res.end('{"id":"SO-1"}');
      });
    });
    await new Promise<void>((resolve) => erp.listen(0, '127.0.0.1', resolve));
    erpUrl = `http://127.0.0.1:${(erp.address() as AddressInfo).port}`;
    svc = await startTestService({
      name: 'trace-probe',
      schemaBase: 'trace_probe',
      loadConfig,
      module: ProbeModule.register,
      appOptions: APP_OPTIONS,
    });
  });
  afterAll(async () => {
    await svc?.close();
    await new Promise((resolve) => erp?.close(resolve));
    await shutdownTracing();
  });

  it("continues the caller's trace through outbox, JetStream, consumer and the outgoing call", async () => {
    const correlationId = `trace-e2e-${Date.now()}`;
    // The caller's own span: a channel or gateway that traces its requests.
    const callerTrace = randomBytes(16).toString('hex');
    const callerSpan = randomBytes(8).toString('hex');
    const res = await svc
      .http()
      .post('/v1/trace-probe')
      .set({
        'x-api-key': TEST_ADMIN_KEY,
        'x-correlation-id': correlationId,
        traceparent: `00-${callerTrace}-${callerSpan}-01`,
      });
    expect(res.status).toBe(202);
    await eventually(async () => erpCalls.length > 0, 20_000);
    await flushTracing();

    const spans = exporter
      .getFinishedSpans()
      .filter((s) => s.spanContext().traceId === callerTrace);
    const ids = new Set([callerSpan, ...spans.map((s) => s.spanContext().spanId)]);
    // Every span of the flow hangs off the caller's span or another span of the flow.
    for (const span of spans) expect(ids.has(parentOf(span)!)).toBe(true);

    const publish = spans.find((s) => s.name === `${SUBJECT} publish`);
    expect(publish).toBeDefined();
    expect(kindOf(publish!)).toBe(SpanKind.PRODUCER);
    expect(publish!.attributes[CORRELATION_ATTRIBUTE]).toBe(correlationId);

    const consume = spans.find((s) => s.name === `${SUBJECT} process`);
    expect(consume).toBeDefined();
    expect(kindOf(consume!)).toBe(SpanKind.CONSUMER);
    expect(parentOf(consume!)).toBe(publish!.spanContext().spanId);
    expect(consume!.attributes[CORRELATION_ATTRIBUTE]).toBe(correlationId);
    expect(consume!.attributes['messaging.consumer.group.name']).toBe('trace-probe--erp');

    const call = spans.find(
      (s) => kindOf(s) === SpanKind.CLIENT && parentOf(s) === consume!.spanContext().spanId,
    );
    expect(call).toBeDefined();
    expect(call!.attributes[CORRELATION_ATTRIBUTE]).toBe(correlationId);

    // The back-office system received the trace context of that call, and the correlation id.
    expect(erpCalls[0]['x-correlation-id']).toBe(correlationId);
    expect(erpCalls[0].traceparent).toBe(`00-${callerTrace}-${call!.spanContext().spanId}-01`);
  });

  it('leaves a flow without a caller trace in a trace of its own, all the way to the call', async () => {
    erpCalls.length = 0;
    exporter.reset();
    const res = await svc.http().post('/v1/trace-probe').set({ 'x-api-key': TEST_ADMIN_KEY });
    expect(res.status).toBe(202);
    await eventually(async () => erpCalls.length > 0, 20_000);
    await flushTracing();
    const spans = exporter.getFinishedSpans();
    const consume = spans.find((s) => s.name === `${SUBJECT} process`);
    expect(consume).toBeDefined();
    const traceId = consume!.spanContext().traceId;
    const traceparent = erpCalls[0].traceparent as string;
    expect(traceparent.split('-')[1]).toBe(traceId);
    const publish = spans.find((s) => s.spanContext().spanId === parentOf(consume!));
    expect(publish?.name).toBe(`${SUBJECT} publish`);
    expect(publish!.spanContext().traceId).toBe(traceId);
  });
});
