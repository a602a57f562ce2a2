import { context, trace } from '@opentelemetry/api';
import { InMemorySpanExporter } from '@opentelemetry/sdk-trace-node';
import {
  flushTracing,
  PLATFORM_TRACER,
  RequestContext,
  shutdownTracing,
  startTracing,
} from '@retail/platform-observability';
import { dropSchema, testDatabaseUrl, uniqueSchema } from '@retail/platform-testing';
import { DataSource } from 'typeorm';
import { type Job, JobsListener, JobStore, JobWorker } from '../../src';
import { jobsDatabase } from './support';

const exporter = new InMemorySpanExporter();

/** A job continues the trace of the work that enqueued it (ADR 0031). */
describe('durable work carries trace context (integration)', () => {
  const schema = uniqueSchema('platform_jobs_trace');
  let db: DataSource;
  let listener: JobsListener;
  let worker: JobWorker | undefined;

  beforeAll(async () => {
    startTracing('jobs-trace-probe', { exporter });
    db = await jobsDatabase(schema);
    listener = new JobsListener(db);
    await listener.start();
  });

  afterAll(async () => {
    await worker?.stop();
    await listener?.stop();
    await db?.destroy();
    await dropSchema(testDatabaseUrl(), schema);
    await shutdownTracing();
  });

  it('runs the job in a span whose parent is the span that enqueued it', async () => {
    const seen: Array<{ key: string; traceparent?: string; active?: string }> = [];
    worker = new JobWorker(db, {
      queue: 'traced',
      lanes: 1,
      leaseMs: 5_000,
      pollMs: 200,
      handler: async (job: Job) => {
        seen.push({
          key: job.key,
          traceparent: job.traceparent,
          active: RequestContext.traceparent(),
        });
        return { kind: 'done' };
      },
    });

    const tracer = trace.getTracer(PLATFORM_TRACER);
    const parent = tracer.startSpan('POST /v1/orders');
    const { traceId, spanId } = parent.spanContext();
    await context.with(trace.setSpan(context.active(), parent), () =>
      JobStore.enqueue(db, 'traced', [{ key: 'order-1' }]),
    );
    parent.end();
    // Enqueued outside any trace: runs in a trace of its own.
    await JobStore.enqueue(db, 'traced', [{ key: 'untraced' }]);
    worker.start(listener);

    await new Promise<void>((resolve, reject) => {
      const deadline = Date.now() + 20_000;
      const poll = () =>
        seen.length === 2
          ? resolve()
          : Date.now() > deadline
            ? reject(new Error(`ran ${seen.length} of 2 jobs`))
            : setTimeout(poll, 50);
      poll();
    });
    await flushTracing();

    const traced = seen.find((s) => s.key === 'order-1')!;
    expect(traced.traceparent).toBe(`00-${traceId}-${spanId}-01`);
    const runs = exporter.getFinishedSpans().filter((s) => s.name === 'traced run');
    expect(runs).toHaveLength(2);
    const run = runs.find((s) => s.spanContext().traceId === traceId);
    expect(run?.parentSpanContext?.spanId).toBe(spanId);
    // Calls the handler makes continue from the job's span.
    expect(traced.active).toBe(`00-${traceId}-${run!.spanContext().spanId}-01`);
    const untraced = seen.find((s) => s.key === 'untraced')!;
    expect(untraced.traceparent).toBeUndefined();
    expect(runs.find((s) => s !== run)!.spanContext().traceId).not.toBe(traceId);
  });
});
