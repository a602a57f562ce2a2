import {
  context,
  isSpanContextValid,
  propagation,
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  trace,
  type Attributes,
  type Context,
  type Span,
} from '@opentelemetry/api';

/** Span attribute linking a span to the flow's correlation id (`x-correlation-id`). */
export const CORRELATION_ATTRIBUTE = 'retail.correlation_id';

/** Name of the tracer the platform's own spans (messaging) are made by. */
export const PLATFORM_TRACER = '@retail/platform';

let active = false;

/** True once startTracing has registered a tracer provider (an exporter is configured). */
export function tracingActive(): boolean {
  return active;
}

/** @internal Set by startTracing and shutdownTracing. */
export function markTracingActive(value: boolean): void {
  active = value;
}

/**
 * W3C `traceparent` of the span active now (`00-<trace id>-<span id>-<flags>`), or undefined when
 * no span is active (tracing off, or outside any traced work).
 */
export function activeTraceparent(ctx: Context = context.active()): string | undefined {
  const span = trace.getSpanContext(ctx);
  if (!span || !isSpanContextValid(span)) return undefined;
  const flags = (span.traceFlags & 0xff).toString(16).padStart(2, '0');
  return `00-${span.traceId}-${span.spanId}-${flags}`;
}

/** Trace and span id of the active span for a log line, while tracing; empty otherwise. */
export function traceLogFields(): { traceId?: string; spanId?: string } {
  if (!active) return {};
  const span = trace.getSpanContext(context.active());
  return span && isSpanContextValid(span) ? { traceId: span.traceId, spanId: span.spanId } : {};
}

/** The context a W3C `traceparent` (a message header, a stored event) continues. */
export function contextFromTraceparent(traceparent: string | undefined): Context {
  if (!traceparent) return ROOT_CONTEXT;
  return propagation.extract(ROOT_CONTEXT, { traceparent });
}

export interface MessageSpan {
  /** Span name, e.g. `<subject> publish` or `<subject> process`. */
  name: string;
  kind: 'producer' | 'consumer';
  /** The `traceparent` the message carries (its parent), if any. */
  traceparent?: string;
  correlationId?: string;
  attributes?: Attributes;
}

/**
 * Runs `fn` inside a producer or consumer span whose parent is the message's `traceparent`; `fn`
 * gets the traceparent to send on (the new span's, so the next hop is its child). With tracing
 * off this is a plain call with the message's own traceparent: nothing is created.
 */
export function withMessageSpan<T>(
  spec: MessageSpan,
  fn: (traceparent: string | undefined) => Promise<T>,
): Promise<T> {
  if (!active) return fn(spec.traceparent);
  return inChildSpan(
    { ...spec, attributes: { 'messaging.system': 'nats', ...spec.attributes } },
    fn,
  );
}

/**
 * A span continuing work handed over through storage (a job the platform's queue runs later):
 * its parent is the `traceparent` stored with the work. Same rules as `withMessageSpan`.
 */
export function withRemoteParentSpan<T>(
  spec: MessageSpan,
  fn: (traceparent: string | undefined) => Promise<T>,
): Promise<T> {
  if (!active) return fn(spec.traceparent);
  return inChildSpan(spec, fn);
}

async function inChildSpan<T>(
  spec: MessageSpan,
  fn: (traceparent: string | undefined) => Promise<T>,
): Promise<T> {
  const parent = contextFromTraceparent(spec.traceparent);
  const span = trace.getTracer(PLATFORM_TRACER).startSpan(
    spec.name,
    {
      kind: spec.kind === 'producer' ? SpanKind.PRODUCER : SpanKind.CONSUMER,
      attributes: {
        ...(spec.correlationId ? { [CORRELATION_ATTRIBUTE]: spec.correlationId } : {}),
        ...spec.attributes,
      },
    },
    parent,
  );
  const ctx = trace.setSpan(parent, span);
  try {
    return await context.with(ctx, () => fn(activeTraceparent(ctx) ?? spec.traceparent));
  } catch (error) {
    failSpan(span, error);
    throw error;
  } finally {
    span.end();
  }
}

/** Marks a span failed with the error's class and message (never its data). */
export function failSpan(span: Span, error: unknown): void {
  if (error instanceof Error) {
    span.recordException({ name: error.name, message: error.message });
    span.setStatus({ code: SpanStatusCode.ERROR, message: error.message });
  } else span.setStatus({ code: SpanStatusCode.ERROR, message: String(error) });
}

/**
 * Tags the active span (an HTTP server span) with the correlation id and, when the request
 * matched one, its route template (`http.route`, and the span named `METHOD /route`).
 */
export function tagServerSpan(correlationId: string, method: string, route?: string): void {
  if (!active) return;
  const span = trace.getActiveSpan();
  if (!span) return;
  span.setAttribute(CORRELATION_ATTRIBUTE, correlationId);
  if (!route) return;
  span.setAttribute('http.route', route);
  span.updateName(`${method} ${route}`);
}
